-- wrk script for every bench scenario: per-request tokens and bodies, status counts, one JSON summary line.
--
-- wrk -s bench/lua/scenario.lua <url> -- <scenario> <tokens file> <emails file> <password> <products> <hot product> <hot warehouse>
--
-- Scenarios: checkout_hot, checkout_spread (one unit of a random product), checkout_pay (checkout,
-- then pay the order it answered), products (GET /products), login. Each request carries a random
-- customer's token, except checkout_pay, where each wrk thread is one customer: wrk's response
-- callback does not say which connection answered, so an order id from a 201 is paid with the
-- token of the thread's customer, who placed every order of that thread.
-- done() prints one line starting with WRK_RESULT and a JSON object; bench/lib/runLoad.ts reads it.

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local scenario, tokens, emails, password, products, hot_product, hot_warehouse
-- Globals, not locals: done() reads them from each thread with thread:get.
statuses = {}
sent = 0
local queue = {}
local thread_token

local function read_lines(file)
  local lines = {}
  for line in io.lines(file) do
    if line ~= "" then lines[#lines + 1] = line end
  end
  return lines
end

function init(args)
  scenario = args[1]
  tokens = read_lines(args[2])
  emails = read_lines(args[3])
  password = args[4]
  products = tonumber(args[5])
  hot_product = tonumber(args[6])
  hot_warehouse = tonumber(args[7])
  math.randomseed(os.time() * 1000 + id)
  thread_token = tokens[((id - 1) % #tokens) + 1]
end

local function headers(token)
  local h = { ["Content-Type"] = "application/json" }
  if token ~= nil then h["Authorization"] = "Bearer " .. token end
  return h
end

local function random_token()
  return tokens[math.random(#tokens)]
end

local function checkout(token, product, warehouse)
  local body
  if warehouse ~= nil then
    body = string.format('{"product_id":%d,"quantity":1,"warehouse_id":%d}', product, warehouse)
  else
    body = string.format('{"product_id":%d,"quantity":1}', product)
  end
  return wrk.format("POST", "/checkout", headers(token), body)
end

function request()
  sent = sent + 1
  if scenario == "checkout_hot" then
    return checkout(random_token(), hot_product, hot_warehouse)
  elseif scenario == "checkout_spread" then
    return checkout(random_token(), math.random(products), nil)
  elseif scenario == "checkout_pay" then
    local order_id = table.remove(queue)
    if order_id ~= nil then
      return wrk.format("POST", "/pay", headers(thread_token), '{"order_id":' .. order_id .. "}")
    end
    return checkout(thread_token, math.random(products), nil)
  elseif scenario == "products" then
    return wrk.format("GET", "/products", headers(random_token()), nil)
  elseif scenario == "login" then
    local body = string.format('{"email_or_phone":"%s","password":"%s"}', emails[math.random(#emails)], password)
    return wrk.format("POST", "/login", headers(nil), body)
  end
  error("unknown scenario " .. tostring(scenario))
end

function response(status, _, body)
  statuses[status] = (statuses[status] or 0) + 1
  if scenario == "checkout_pay" and status == 201 then
    local order_id = string.match(body, '"order_id":(%d+)')
    if order_id ~= nil then table.insert(queue, order_id) end
  end
end

function done(summary, latency, _)
  local counts = {}
  local total_sent = 0
  for _, thread in ipairs(threads) do
    total_sent = total_sent + (thread:get("sent") or 0)
    for status, count in pairs(thread:get("statuses") or {}) do
      counts[status] = (counts[status] or 0) + count
    end
  end
  -- wrk calls request() once more on the first thread to check the script: not a request sent.
  total_sent = total_sent - 1
  local parts = {}
  for status, count in pairs(counts) do
    parts[#parts + 1] = string.format('"%d":%d', status, count)
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"durationUs":%d,"responses":%d,"sent":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"statusCounts":{%s}}\n',
    summary.duration, summary.requests, total_sent, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout, table.concat(parts, ",")
  ))
end
