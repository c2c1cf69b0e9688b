// The contract in Go's net/http with github.com/rs/cors, configured as
// rs/cors's docs say for one allowed origin with credentials. Built offline
// in GOPATH mode against Debian's sources (the matrix's `prepare` does it):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o OUT ./examples/targets/stacks/go/nethttp
//	OUT [--host 127.0.0.1] [--port 0] [--origin https://frontend.example]
//
// It prints "listening on http://HOST:PORT" once it accepts connections and
// shuts down on SIGTERM. The response models are structs with json tags, as
// Go users write them: pointer fields where JSON's null must be told apart.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rs/cors"
)

type message struct {
	Message string `json:"message"`
}

var (
	hello    = message{"Hello World"}
	darkSide = message{"Come to the dark side, we have cookies"}
)

// Item is the response model of GET /items/{id}.
type Item struct {
	Name        string   `json:"name"`
	Description *string  `json:"description"` // null when absent
	Price       float64  `json:"price"`
	Tax         float64  `json:"tax"`
	Tags        []string `json:"tags"`
}

// The stored records, as contract.py has them: some fields left out.
var items = map[string]string{
	"foo": `{"name": "Foo", "price": 50.2}`,
	"bar": `{"name": "Bar", "description": "The bartenders", "price": 62, "tax": 20.2}`,
	"baz": `{"name": "Baz", "description": null, "price": 50.2, "tax": 10.5, "tags": []}`,
}

// The Go way to default a struct's fields: decode the record over a value that has them.
func loadItem(record string) (Item, error) {
	item := Item{Tax: 10.5, Tags: []string{}}
	err := json.Unmarshal([]byte(record), &item)
	return item, err
}

// SignUp is the input model of POST /user/: pointers, so a missing field (or null) is nil.
type SignUp struct {
	Username *string `json:"username"`
	Password *string `json:"password"`
	Email    *string `json:"email"`
	FullName *string `json:"full_name"`
}

// User is the response model of POST /user/: no password field, so none is sent.
type User struct {
	Username string  `json:"username"`
	Email    string  `json:"email"`
	FullName *string `json:"full_name"`
}

type problem struct {
	Loc []string `json:"loc"`
	Msg string   `json:"msg"`
}

// decodeSignUp decodes the body into SignUp and says where and why it does
// not fit, as contract.py does, never with the submitted values.
// encoding/json reports the first field of the wrong type only.
func decodeSignUp(r *http.Request) (SignUp, []problem) {
	var in SignUp
	err := json.NewDecoder(r.Body).Decode(&in)
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field == "" {
		return in, []problem{{[]string{"body"}, "must be an object"}}
	} else if err != nil && typeErr == nil {
		return in, []problem{{[]string{"body"}, "the body is not valid JSON"}}
	}
	var problems []problem
	for _, f := range []struct {
		name  string
		value *string
	}{{"username", in.Username}, {"password", in.Password}, {"email", in.Email}} {
		if typeErr != nil && typeErr.Field == f.name {
			problems = append(problems, problem{[]string{"body", f.name}, "must be a string"})
		} else if f.value == nil {
			problems = append(problems, problem{[]string{"body", f.name}, "field required"})
		}
	}
	if typeErr != nil && typeErr.Field == "full_name" {
		problems = append(problems, problem{[]string{"body", "full_name"}, "must be a string or null"})
	}
	return in, problems
}

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// only answers 405 to any other method: net/http's ServeMux (Go 1.19) routes by path alone.
func only(method string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method {
			w.Header().Set("Allow", method)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h(w, r)
	}
}

// trackRequestSource plays the dependency: a middleware writing to the same response.
func trackRequestSource(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Source", "dependency")
		http.SetCookie(w, &http.Cookie{Name: "tracked", Value: "yes", Path: "/"})
		next(w, r)
	}
}

func newHandler(origin string) http.Handler {
	mux := http.NewServeMux()

	// net/http has no temporal response apart from the one it writes: the
	// handler sets headers and cookies on w.Header() before the body, either way.
	mux.HandleFunc("/headers-and-object/", only(http.MethodGet, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Cat-Dog", "alone in the world")
		writeJSON(w, http.StatusOK, hello)
	}))
	mux.HandleFunc("/headers/", only(http.MethodGet, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Cat-Dog", "alone in the world")
		w.Header().Set("Content-Language", "en-US")
		writeJSON(w, http.StatusOK, hello)
	}))
	mux.HandleFunc("/hidden-header/", only(http.MethodGet, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Cat-Dog", "alone in the world")
		w.Header().Set("X-Hidden", "not for browsers")
		writeJSON(w, http.StatusOK, hello)
	}))
	cookie := only(http.MethodPost, func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "fakesession", Value: "fake-cookie-session-value", Path: "/"})
		writeJSON(w, http.StatusOK, darkSide)
	})
	mux.HandleFunc("/cookie-and-object/", cookie)
	mux.HandleFunc("/cookie/", cookie)
	mux.HandleFunc("/two-cookies/", only(http.MethodGet, func(w http.ResponseWriter, r *http.Request) {
		// http.SetCookie adds a Set-Cookie field per cookie.
		http.SetCookie(w, &http.Cookie{Name: "fakesession", Value: "fake-cookie-session-value", Path: "/"})
		http.SetCookie(w, &http.Cookie{Name: "theme", Value: "dark", Path: "/"})
		writeJSON(w, http.StatusOK, message{"Two cookies"})
	}))

	var mu sync.Mutex // handlers run concurrently
	tasks := map[string]string{"foo": "Listen to the Bar Fighters"}
	mux.HandleFunc("/get-or-create-task/", only(http.MethodPut, func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/get-or-create-task/")
		if id == "" || strings.Contains(id, "/") {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		value, found := tasks[id]
		if !found {
			value = "This didn't exist before"
			tasks[id] = value
		}
		mu.Unlock()
		status := http.StatusOK
		if !found {
			status = http.StatusCreated
		}
		writeJSON(w, status, value)
	}))

	mux.HandleFunc("/user/", only(http.MethodPost, func(w http.ResponseWriter, r *http.Request) {
		in, problems := decodeSignUp(r)
		if problems != nil {
			writeJSON(w, http.StatusUnprocessableEntity, map[string][]problem{"detail": problems})
			return
		}
		w.Header().Set("X-Cat-Dog", "alone in the world")
		writeJSON(w, http.StatusOK, User{Username: *in.Username, Email: *in.Email, FullName: in.FullName})
	}))

	mux.HandleFunc("/items/", only(http.MethodGet, func(w http.ResponseWriter, r *http.Request) {
		record, found := items[strings.TrimPrefix(r.URL.Path, "/items/")]
		if !found {
			writeJSON(w, http.StatusNotFound, map[string]string{"detail": "Item not found"})
			return
		}
		item, err := loadItem(record)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, http.StatusOK, item)
	}))

	mux.HandleFunc("/dependency-headers/", only(http.MethodGet, trackRequestSource(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Cat-Dog", "alone in the world")
		writeJSON(w, http.StatusOK, hello)
	})))

	// As rs/cors's docs say: the allowed origins, the methods beyond its
	// default GET, POST and HEAD, credentials, and the headers to expose.
	c := cors.New(cors.Options{
		AllowedOrigins:   []string{origin},
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodPut},
		AllowCredentials: true,
		ExposedHeaders:   []string{"X-Cat-Dog"},
	})
	return c.Handler(mux)
}

func main() {
	host := flag.String("host", "127.0.0.1", "address to listen on")
	port := flag.Int("port", 0, "port to listen on (0: a free one)")
	origin := flag.String("origin", "https://frontend.example", "the allowed browser origin")
	flag.Parse()

	// Listening before serving, so --port 0 can report the port it got.
	ln, err := net.Listen("tcp", net.JoinHostPort(*host, strconv.Itoa(*port)))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())

	srv := &http.Server{Handler: newHandler(*origin)}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	done := make(chan struct{})
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
		close(done)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
	<-done // Serve returns at once; Shutdown finishes the requests in flight
}
