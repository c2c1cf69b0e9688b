// The contract in Gin with gin-contrib/cors, configured as gin-contrib/cors's
// docs say for one allowed origin with credentials. Built offline in GOPATH
// mode against Debian's sources (the matrix's `prepare` does it):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o OUT ./examples/targets/stacks/go/gin
//	OUT [--host 127.0.0.1] [--port 0] [--origin https://frontend.example]
//
// It prints "listening on http://HOST:PORT" once it accepts connections and
// shuts down on SIGTERM. The response models are structs with json tags and
// the input model is bound and validated by Gin (binding:"required").
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
	"sync"
	"syscall"
	"time"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

var (
	hello    = gin.H{"message": "Hello World"}
	darkSide = gin.H{"message": "Come to the dark side, we have cookies"}
)

// Item is the response model of GET /items/:id.
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

// SignUp is the input model of POST /user/. Pointers, so that "required"
// refuses a missing field or null but accepts any string, "" included.
type SignUp struct {
	Username *string `json:"username" binding:"required"`
	Password *string `json:"password" binding:"required"`
	Email    *string `json:"email" binding:"required"`
	FullName *string `json:"full_name"`
}

// User is the response model of POST /user/: no password field, so none is sent.
type User struct {
	Username string  `json:"username"`
	Email    string  `json:"email"`
	FullName *string `json:"full_name"`
}

// trackRequestSource plays the dependency: a route middleware writing to the same response.
func trackRequestSource(c *gin.Context) {
	c.Header("X-Request-Source", "dependency")
	c.SetCookie("tracked", "yes", 0, "/", "", false, true)
	c.Next()
}

func newRouter(origin string) *gin.Engine {
	r := gin.Default()

	// As gin-contrib/cors's docs say: from DefaultConfig (methods GET to
	// OPTIONS, headers Origin, Content-Length and Content-Type), the allowed
	// origins, credentials and the headers to expose.
	config := cors.DefaultConfig()
	config.AllowOrigins = []string{origin}
	config.AllowCredentials = true
	config.ExposeHeaders = []string{"X-Cat-Dog"}
	r.Use(cors.New(config))

	// Gin has no temporal response apart from the one it writes: the handler
	// sets headers and cookies on the context before the body, either way.
	r.GET("/headers-and-object/", func(c *gin.Context) {
		c.Header("X-Cat-Dog", "alone in the world")
		c.JSON(http.StatusOK, hello)
	})
	r.GET("/headers/", func(c *gin.Context) {
		c.Header("X-Cat-Dog", "alone in the world")
		c.Header("Content-Language", "en-US")
		c.JSON(http.StatusOK, hello)
	})
	r.GET("/hidden-header/", func(c *gin.Context) {
		c.Header("X-Cat-Dog", "alone in the world")
		c.Header("X-Hidden", "not for browsers")
		c.JSON(http.StatusOK, hello)
	})
	// c.SetCookie(name, value, maxAge, path, domain, secure, httpOnly), as Gin's docs show it;
	// each call adds a Set-Cookie field.
	cookie := func(c *gin.Context) {
		c.SetCookie("fakesession", "fake-cookie-session-value", 0, "/", "", false, true)
		c.JSON(http.StatusOK, darkSide)
	}
	r.POST("/cookie-and-object/", cookie)
	r.POST("/cookie/", cookie)
	r.GET("/two-cookies/", func(c *gin.Context) {
		c.SetCookie("fakesession", "fake-cookie-session-value", 0, "/", "", false, true)
		c.SetCookie("theme", "dark", 0, "/", "", false, true)
		c.JSON(http.StatusOK, gin.H{"message": "Two cookies"})
	})

	var mu sync.Mutex // handlers run concurrently
	tasks := map[string]string{"foo": "Listen to the Bar Fighters"}
	r.PUT("/get-or-create-task/:id", func(c *gin.Context) {
		mu.Lock()
		value, found := tasks[c.Param("id")]
		if !found {
			value = "This didn't exist before"
			tasks[c.Param("id")] = value
		}
		mu.Unlock()
		status := http.StatusOK
		if !found {
			status = http.StatusCreated
		}
		c.JSON(status, value)
	})

	r.POST("/user/", func(c *gin.Context) {
		var in SignUp
		if err := c.ShouldBindJSON(&in); err != nil {
			// As Gin's docs do, with 422: encoding/json's and the validator's
			// messages name the field and the type, never the value.
			c.JSON(http.StatusUnprocessableEntity, gin.H{"error": err.Error()})
			return
		}
		c.Header("X-Cat-Dog", "alone in the world")
		c.JSON(http.StatusOK, User{Username: *in.Username, Email: *in.Email, FullName: in.FullName})
	})

	r.GET("/items/:id", func(c *gin.Context) {
		record, found := items[c.Param("id")]
		if !found {
			c.JSON(http.StatusNotFound, gin.H{"detail": "Item not found"})
			return
		}
		item, err := loadItem(record)
		if err != nil {
			c.AbortWithError(http.StatusInternalServerError, err)
			return
		}
		c.JSON(http.StatusOK, item)
	})

	r.GET("/dependency-headers/", trackRequestSource, func(c *gin.Context) {
		c.Header("X-Cat-Dog", "alone in the world")
		c.JSON(http.StatusOK, hello)
	})
	return r
}

func main() {
	host := flag.String("host", "127.0.0.1", "address to listen on")
	port := flag.Int("port", 0, "port to listen on (0: a free one)")
	origin := flag.String("origin", "https://frontend.example", "the allowed browser origin")
	flag.Parse()
	gin.SetMode(gin.ReleaseMode)

	// Listening before serving, so --port 0 can report the port it got.
	ln, err := net.Listen("tcp", net.JoinHostPort(*host, strconv.Itoa(*port)))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr())

	// Gin's docs' graceful shutdown: its router in a net/http Server.
	srv := &http.Server{Handler: newRouter(*origin)}
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
