// GoEcho: the grpc-go peer of scripts/bench-transport. Serves /bench.Echo/Echo on cleartext
// HTTP/2 at 127.0.0.1 and answers with the request message's bytes as they came; prints
// "listening on PORT" once it accepts connections.
//
// Built against Debian's golang-google-grpc-dev in GOPATH mode (no module download):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o GoEcho main.go
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"

	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding"
)

// passthrough keeps message bytes as they are. Registered as "proto", the codec that
// content-type application/grpc selects, so no protobuf code runs on either side.
type passthrough struct{}

func (passthrough) Name() string { return "proto" }

func (passthrough) Marshal(message interface{}) ([]byte, error) {
	return *message.(*[]byte), nil
}

func (passthrough) Unmarshal(data []byte, message interface{}) error {
	*message.(*[]byte) = append([]byte(nil), data...)
	return nil
}

// echo is the method handler: decode the request into a byte slice and return it.
func echo(_ interface{}, ctx context.Context, decode func(interface{}) error, _ grpc.UnaryServerInterceptor) (interface{}, error) {
	var request []byte
	if err := decode(&request); err != nil {
		return nil, err
	}
	return &request, nil
}

var echoService = grpc.ServiceDesc{
	ServiceName: "bench.Echo",
	HandlerType: (*interface{})(nil),
	Methods:     []grpc.MethodDesc{{MethodName: "Echo", Handler: echo}},
}

func main() {
	port := flag.Int("port", 0, "port to listen on at 127.0.0.1 (0: any free port)")
	flag.Parse()
	encoding.RegisterCodec(passthrough{})
	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		log.Fatal(err)
	}
	server := grpc.NewServer()
	server.RegisterService(&echoService, struct{}{})
	fmt.Printf("listening on %d\n", listener.Addr().(*net.TCPAddr).Port)
	log.Fatal(server.Serve(listener))
}
