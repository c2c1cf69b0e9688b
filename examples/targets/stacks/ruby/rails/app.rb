# The contract in Rails (API mode) with rack-cors, in one file (the
# application's configuration, its routes and a controller), with
# `config.middleware.insert_before 0, Rack::Cors` as rack-cors's README says
# for Rails, served by Puma:
#
#   /usr/bin/ruby examples/targets/stacks/ruby/rails/app.rb [--port 0] [--origin O]
#
# It prints "listening on http://127.0.0.1:PORT" once it accepts connections.
# It runs in Rails's default environment, development, whose host
# authorization lets IP addresses and localhost through, nothing else.
require_relative '../contract'
require 'action_controller/railtie'
require 'rack/cors'
require 'rack/handler/puma'

OPTIONS = Contract.command_line('usage: app.rb [--host HOST] [--port PORT] [--origin ORIGIN]')

class ContractApp < Rails::Application
  config.load_defaults 6.1
  config.api_only = true
  config.root = __dir__
  config.eager_load = true
  config.logger = Logger.new($stderr)
  config.log_level = :warn
  # Only the key generator's seed (Rails asks for one); the contract signs no cookie.
  config.secret_key_base = 'response-conformance-not-a-secret'

  config.middleware.insert_before 0, Rack::Cors do
    allow do
      origins OPTIONS[:origin]
      resource '*', headers: :any, methods: %i[get post put options], credentials: true, expose: ['X-Cat-Dog']
    end
  end

  # API mode leaves cookies out; the Rails guide on API applications says to
  # add the middleware back (and ActionController::Cookies in the controller).
  config.middleware.use ActionDispatch::Cookies
end

class ContractController < ActionController::API
  include ActionController::Cookies
  include Contract

  TASKS = Tasks.new

  # The dependency: a before_action for this action that writes to the same response.
  before_action :track_request_source, only: :dependency_headers

  def headers_and_object
    response.headers['X-Cat-Dog'] = 'alone in the world'
    render json: HELLO
  end

  # Rails has no separate "Response returned directly": the headers are set
  # on the controller's response, in one go, and the body rendered.
  def direct_headers
    response.headers.merge!('X-Cat-Dog' => 'alone in the world', 'Content-Language' => 'en-US')
    render json: HELLO
  end

  def hidden_header
    response.headers.merge!('X-Cat-Dog' => 'alone in the world', 'X-Hidden' => 'not for browsers')
    render json: HELLO
  end

  # The cookie jar's own defaults (Path=/): the contract asks nothing they do not give.
  def cookie
    cookies[SESSION[0]] = SESSION[1]
    render json: DARK_SIDE
  end

  def two_cookies
    cookies[SESSION[0]] = SESSION[1]
    cookies[:theme] = 'dark'
    render json: TWO_COOKIES
  end

  def get_or_create_task
    value, created = TASKS.get_or_create(params[:task_id])
    # render json: sends a String as it is, taking it for JSON already: to_json quotes it.
    render json: value.to_json, status: created ? :created : :ok
  end

  def create_user
    status, body = sign_up(request.raw_post)
    response.headers['X-Cat-Dog'] = 'alone in the world' if status == 200
    render json: body, status: status
  end

  def read_item
    found = item(params[:item_id])
    return render json: { 'detail' => 'Item not found' }, status: :not_found if found.nil?

    render json: found
  end

  def dependency_headers
    response.headers['X-Cat-Dog'] = 'alone in the world'
    render json: HELLO
  end

  private

  def track_request_source
    response.headers['X-Request-Source'] = 'dependency'
    cookies[:tracked] = 'yes'
  end
end

Rails.application.initialize!
# After initialize!, which clears the routes of an application without config/routes.rb.
Rails.application.routes.draw do
  get '/headers-and-object/', to: 'contract#headers_and_object'
  get '/headers/', to: 'contract#direct_headers'
  get '/hidden-header/', to: 'contract#hidden_header'
  post '/cookie-and-object/', to: 'contract#cookie'
  post '/cookie/', to: 'contract#cookie'
  get '/two-cookies/', to: 'contract#two_cookies'
  put '/get-or-create-task/:task_id', to: 'contract#get_or_create_task'
  post '/user/', to: 'contract#create_user'
  get '/items/:item_id', to: 'contract#read_item'
  get '/dependency-headers/', to: 'contract#dependency_headers'
end

Rack::Handler::Puma.run(Rails.application, Host: OPTIONS[:host], Port: OPTIONS[:port], Silent: true) do |launcher|
  Contract.announce(launcher)
end
