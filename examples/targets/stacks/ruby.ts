/** The Ruby stacks of the compatibility table, each in examples/targets/stacks/ruby/<name>/app.rb over ruby/contract.rb, on Puma. */
import type { Stack } from './stack';

const RUBY = '/usr/bin/ruby';
/** What both need. Debian installs these gems under versioned directories, so the package's copyright file stands for them. */
const rubyNeeds = [
  { path: RUBY, install: 'ruby' },
  { path: '/usr/lib/ruby/vendor_ruby/rack/cors.rb', install: 'ruby-rack-cors' },
  { path: '/usr/bin/puma', install: 'puma' },
];

export const RUBY_STACKS: readonly Stack[] = [
  {
    slug: 'sinatra',
    name: 'Sinatra + rack-cors',
    configuration: 'as its docs say: `use Rack::Cors` with `allow { origins origin; resource "*", headers: :any, methods: %i[get post put options], credentials: true, expose: ["X-Cat-Dog"] }`, on Puma; cookies by Rack\'s `response.set_cookie` with `path: "/"`',
    source: 'examples/targets/stacks/ruby/sinatra/app.rb',
    command: RUBY,
    args: ['examples/targets/stacks/ruby/sinatra/app.rb', '--port', '0'],
    packages: ['ruby-sinatra', 'ruby-rack-cors', 'ruby-rack', 'puma'],
    needs: [...rubyNeeds, { path: '/usr/share/doc/ruby-sinatra/copyright', install: 'ruby-sinatra' }],
    fails: [],
  },
  {
    slug: 'rails',
    name: 'Rails (API mode) + rack-cors',
    configuration: 'as its docs say: `config.middleware.insert_before 0, Rack::Cors` with the same `allow` block, `config.api_only` with `ActionDispatch::Cookies` added back as the API guide says, on Puma; cookies by the `cookies[...]` jar and its defaults',
    source: 'examples/targets/stacks/ruby/rails/app.rb',
    command: RUBY,
    args: ['examples/targets/stacks/ruby/rails/app.rb', '--port', '0'],
    packages: ['ruby-rails', 'ruby-rack-cors', 'ruby-rack', 'puma'],
    needs: [...rubyNeeds, { path: '/usr/bin/rails', install: 'ruby-rails' }],
    fails: [],
  },
];
