// Loaded into every test process (Jest setupFiles, and `node -r` for processes the tests start):
// a connection to anything but this machine fails loudly instead of reaching the internet.
const net = require('node:net');

const LOCAL_HOSTS = new Set(['localhost', '::1', '::ffff:127.0.0.1']);
const isLocal = (host) => LOCAL_HOSTS.has(host) || /^127\./.test(host);

function target(args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first && typeof first === 'object') return first;
  if (typeof first === 'number' || /^\d+$/.test(String(first))) {
    return { port: first, host: typeof args[1] === 'string' ? args[1] : 'localhost' };
  }
  return { path: first };
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const options = target(args);
  if (!options.path) {
    const host = options.host || 'localhost';
    // A name the caller resolves itself passes when it resolves to this machine.
    if (!isLocal(host) && typeof options.lookup === 'function') {
      options.lookup = localOnly(options.lookup, options.port);
    } else if (!isLocal(host)) {
      process.nextTick(() => this.destroy(blocked(host, options.port)));
      return this;
    }
  }
  return connect.apply(this, args);
};

function blocked(host, port) {
  const error = new Error(
    `Blocked an outbound connection to ${host}:${port} in a test: use the local sandbox.`,
  );
  error.code = 'ETESTNETWORK';
  return error;
}

function localOnly(lookup, port) {
  return (hostname, options, callback) =>
    lookup(hostname, options, (error, address, family) => {
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      if (!error && !addresses.every(isLocal)) return callback(blocked(addresses[0], port));
      callback(error, address, family);
    });
}
