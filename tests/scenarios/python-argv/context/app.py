import os, sys
print("color:", os.environ.get("APP_COLOR"))
print("args:", sys.argv[1:])
print(f"greeting={os.getenv('GREETING')}")
