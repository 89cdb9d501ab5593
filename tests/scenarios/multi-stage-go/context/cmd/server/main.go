package main

import "fmt"

func main() {
	fmt.Printf("serving %s\n", "nothing")
	fmt.Println("from", "cmd/server")
}
