# What the Ruby stacks of the compatibility table serve the same way, as
# contract.py does for the Python ones: the contract's data, the checks a
# response model or a validator does for FastAPI (Sinatra and Rails have
# none built in), the command line, and Puma started so that --port 0 can
# report the port it got. The CORS and cookie handling is each stack's own,
# as its docs say; nothing here touches headers.
require 'json'
require 'optparse'

module Contract
  HELLO = { 'message' => 'Hello World' }.freeze
  DARK_SIDE = { 'message' => 'Come to the dark side, we have cookies' }.freeze
  TWO_COOKIES = { 'message' => 'Two cookies' }.freeze
  SESSION = ['fakesession', 'fake-cookie-session-value'].freeze

  ITEMS = {
    'foo' => { 'name' => 'Foo', 'price' => 50.2 },
    'bar' => { 'name' => 'Bar', 'description' => 'The bartenders', 'price' => 62, 'tax' => 20.2 },
    'baz' => { 'name' => 'Baz', 'description' => nil, 'price' => 50.2, 'tax' => 10.5, 'tags' => [] },
  }.freeze
  ITEM_DEFAULTS = { 'description' => nil, 'tax' => 10.5, 'tags' => [] }.freeze

  # PUT /get-or-create-task/{id}: [the task's value, whether it was created].
  # Puma serves from several threads, hence the lock.
  class Tasks
    def initialize
      @tasks = { 'foo' => 'Listen to the Bar Fighters' }
      @lock = Mutex.new
    end

    def get_or_create(task_id)
      @lock.synchronize do
        next [@tasks[task_id], false] if @tasks.key?(task_id)

        @tasks[task_id] = "This didn't exist before"
        [@tasks[task_id], true]
      end
    end
  end

  module_function

  # The stored item with the model's defaults filled in, or nil.
  def item(item_id)
    stored = ITEMS[item_id]
    stored && ITEM_DEFAULTS.merge(stored)
  end

  # POST /user/: [200, the user without its password] or [422, where and why, never the input].
  def sign_up(raw)
    begin
      body = JSON.parse(raw.empty? ? 'null' : raw)
    rescue JSON::ParserError
      return [422, { 'detail' => [{ 'loc' => ['body'], 'msg' => 'the body is not valid JSON' }] }]
    end
    return [422, { 'detail' => [{ 'loc' => ['body'], 'msg' => 'must be an object' }] }] unless body.is_a?(Hash)

    problems = %w[username password email].filter_map do |field|
      if !body.key?(field)
        { 'loc' => ['body', field], 'msg' => 'field required' }
      elsif !body[field].is_a?(String)
        { 'loc' => ['body', field], 'msg' => 'must be a string' }
      end
    end
    unless body['full_name'].nil? || body['full_name'].is_a?(String)
      problems << { 'loc' => ['body', 'full_name'], 'msg' => 'must be a string or null' }
    end
    return [422, { 'detail' => problems }] unless problems.empty?

    # The response model: the declared fields only, full_name null when absent.
    [200, { 'full_name' => nil }.merge(body).slice('username', 'email', 'full_name')]
  end

  # Every stack's flags: --host, --port and --origin.
  def command_line(usage)
    options = { host: '127.0.0.1', port: 0, origin: 'https://frontend.example' }
    OptionParser.new do |parser|
      parser.banner = usage
      parser.on('--host HOST') { |v| options[:host] = v }
      parser.on('--port PORT', Integer) { |v| options[:port] = v }
      parser.on('--origin ORIGIN') { |v| options[:origin] = v }
    end.parse!
    options
  end

  # Announces the listener once Puma has booted: Puma binds before it boots,
  # so connections queue from then on and "listening on" is true (the
  # harness waits for it); with --port 0 the port is the one the socket got.
  # Give it the Puma::Launcher that Rack::Handler::Puma.run yields.
  def announce(launcher)
    launcher.events.on_booted do
      _family, port, _name, address = launcher.binder.ios.first.addr
      address = "[#{address}]" if address.include?(':')
      $stdout.puts "listening on http://#{address}:#{port}"
      $stdout.flush
    end
  end
end
