# The contract in Sinatra with rack-cors, configured as rack-cors's README
# says for Rack (`use Rack::Cors` with one `allow` block), served by Puma:
#
#   /usr/bin/ruby examples/targets/stacks/ruby/sinatra/app.rb [--port 0] [--origin O]
#
# It prints "listening on http://127.0.0.1:PORT" once it accepts connections.
require_relative '../contract'
require 'sinatra/base'
require 'rack/cors'

OPTIONS = Contract.command_line('usage: app.rb [--host HOST] [--port PORT] [--origin ORIGIN]')

class App < Sinatra::Base
  include Contract

  use Rack::Cors do
    allow do
      origins OPTIONS[:origin]
      resource '*', headers: :any, methods: %i[get post put options], credentials: true, expose: ['X-Cat-Dog']
    end
  end

  set :server, 'puma'
  set :bind, OPTIONS[:host]
  set :port, OPTIONS[:port]
  set :quiet, true
  set :server_settings, Silent: true

  TASKS = Tasks.new
  # Rack's set_cookie sends no Path unless given one (the browser would then
  # scope the cookie to the request's directory), so every cookie says path: '/'.
  COOKIE = { path: '/' }.freeze

  def set_session
    response.set_cookie(SESSION[0], COOKIE.merge(value: SESSION[1]))
  end

  get '/headers-and-object/' do
    content_type :json
    headers 'X-Cat-Dog' => 'alone in the world'
    HELLO.to_json
  end

  # A Rack response returned as it is: status, headers and body.
  get '/headers/' do
    [200, { 'Content-Type' => 'application/json', 'X-Cat-Dog' => 'alone in the world', 'Content-Language' => 'en-US' }, [HELLO.to_json]]
  end

  get '/hidden-header/' do
    content_type :json
    headers 'X-Cat-Dog' => 'alone in the world', 'X-Hidden' => 'not for browsers'
    HELLO.to_json
  end

  post '/cookie-and-object/' do
    content_type :json
    set_session
    DARK_SIDE.to_json
  end

  # A Rack::Response built and returned by the handler.
  post '/cookie/' do
    direct = Rack::Response.new(DARK_SIDE.to_json, 200, 'Content-Type' => 'application/json')
    direct.set_cookie(SESSION[0], COOKIE.merge(value: SESSION[1]))
    direct.finish
  end

  get '/two-cookies/' do
    content_type :json
    set_session
    response.set_cookie('theme', COOKIE.merge(value: 'dark'))
    TWO_COOKIES.to_json
  end

  put '/get-or-create-task/:task_id' do
    value, created = TASKS.get_or_create(params[:task_id])
    content_type :json
    status(created ? 201 : 200)
    value.to_json
  end

  post '/user/' do
    code, body = sign_up(request.body.read)
    content_type :json
    headers 'X-Cat-Dog' => 'alone in the world' if code == 200
    status code
    body.to_json
  end

  get '/items/:item_id' do
    content_type :json
    found = item(params[:item_id])
    halt 404, { 'detail' => 'Item not found' }.to_json if found.nil?
    found.to_json
  end

  # The dependency: a before filter for this route that writes to the same response.
  before '/dependency-headers/' do
    headers 'X-Request-Source' => 'dependency'
    response.set_cookie('tracked', COOKIE.merge(value: 'yes'))
  end

  get '/dependency-headers/' do
    content_type :json
    headers 'X-Cat-Dog' => 'alone in the world'
    HELLO.to_json
  end
end

App.run! { |launcher| Contract.announce(launcher) }
