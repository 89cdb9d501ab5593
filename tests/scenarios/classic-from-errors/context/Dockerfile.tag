FROM ubuntu:99.04
RUN true
