#!/bin/sh
echo "started with $*"
