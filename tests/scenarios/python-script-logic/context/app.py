import os
import sys

def banner(color):
    if color in ("red", "green", "blue"):
        return f"Serving a {color} page"
    return "Unknown color: " + color

color = os.environ.get("APP_COLOR", "red")
print(banner(color))
for arg in sys.argv[1:]:
    print("arg:", arg)
try:
    import redis
except ImportError:
    print("redis client missing, caching disabled")
if len(sys.argv) > 2:
    sys.exit("too many arguments")
