echo from-script
uname -s
