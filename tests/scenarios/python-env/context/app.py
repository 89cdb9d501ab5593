import os
color = os.environ.get('APP_COLOR', 'none')
print(f'The color is {color}')
print('Items:', 2 * 3)
