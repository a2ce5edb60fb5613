// A local Bluesky network for Diálogo's tests, from @atproto/dev-env.
//
//   DB_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/dialogo node run.mjs [--no-appview] [--port-base N]
//
// Starts a TestNetwork (PLC + PDS + AppView + Ozone; the AppView and Ozone keep
// their tables in fresh PostgreSQL schemas that are dropped on exit), or with
// --no-appview a TestNetworkNoAppView (PLC + PDS only, no PostgreSQL needed).
// Every server listens on 127.0.0.1 only. The public ports are fixed (DID
// documents record them): PLC base+2, PDS base+3, AppView base+4, Ozone base+7,
// base 23580 by default. When ready it prints one JSON line on stdout:
//   {"ready":true,"pds_url":...,"appview_url":...,"appview_did":...,"plc_url":...}
// and runs until SIGTERM or SIGINT, then closes everything and exits 0.
import dns from 'node:dns'
import net from 'node:net'
import { randomBytes } from 'node:crypto'

// "localhost" must mean 127.0.0.1, the only address the servers listen on.
dns.setDefaultResultOrder('ipv4first')

// The dev-env servers call listen(port) without a host, i.e. on all interfaces:
// give every such call the loopback address instead.
const LOOPBACK = '127.0.0.1'
const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  const first = args[0]
  if (args.length === 0 || typeof first === 'function') {
    args.unshift({ port: 0, host: LOOPBACK })
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, LOOPBACK)
  } else if (first && typeof first === 'object' && !first.path && !first.fd && !first.handle && first.host === undefined) {
    args[0] = { ...first, host: LOOPBACK }
  }
  return listen.apply(this, args)
}

const argv = process.argv.slice(2)
const noAppView = argv.includes('--no-appview')
const baseIdx = argv.indexOf('--port-base')
const base = baseIdx >= 0 ? Number(argv[baseIdx + 1]) : Number(process.env.BSKY_PORT_BASE || 23580)
const ports = { plc: base + 2, pds: base + 3, bsky: base + 4, ozone: base + 7 }

// Required by TestNetwork.create, never connected to: the AppView's caches are off.
process.env.REDIS_HOST ??= `${LOOPBACK}:1`

const { TestNetwork, TestNetworkNoAppView } = await import('@atproto/dev-env')

const log = (...a) => console.error('[bluesky]', ...a)
let network
let schema
let closing = false

async function dropSchemas() {
  if (!schema) return
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: process.env.DB_POSTGRES_URL })
  await client.connect()
  try {
    for (const s of [`appview_${schema}`, `ozone_${schema}`]) {
      await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`)
    }
  } finally {
    await client.end()
  }
}

async function shutdown(signal) {
  if (closing) return
  closing = true
  log(`${signal}: closing`)
  const timer = setTimeout(() => process.exit(1), 15000)
  timer.unref()
  try {
    await network?.close()
  } catch (err) {
    log('close failed', err)
  }
  try {
    await dropSchemas()
  } catch (err) {
    log('dropping schemas failed', err)
  }
  process.exit(0)
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))

const started = Date.now()
try {
  if (noAppView) {
    network = await TestNetworkNoAppView.create({
      pds: { port: ports.pds, hostname: 'localhost' },
      plc: { port: ports.plc },
    })
  } else {
    if (!process.env.DB_POSTGRES_URL) throw new Error('DB_POSTGRES_URL is not set')
    // Schema names may only hold letters and '_'.
    schema = Array.from(randomBytes(12), (b) => String.fromCharCode(97 + (b % 26))).join('')
    network = await TestNetwork.create({
      dbPostgresUrl: process.env.DB_POSTGRES_URL,
      dbPostgresSchema: schema,
      pds: { port: ports.pds, hostname: 'localhost' },
      bsky: { port: ports.bsky, publicUrl: `http://localhost:${ports.bsky}` },
      plc: { port: ports.plc },
      ozone: { port: ports.ozone },
    })
  }
} catch (err) {
  log('failed to start:', err?.stack || err)
  try {
    await network?.close()
    await dropSchemas()
  } catch {}
  process.exit(1)
}
if (closing) process.exit(0)

const info = {
  ready: true,
  pds_url: network.pds.url,
  pds_did: network.pds.ctx.cfg.service.did,
  plc_url: network.plc.url,
  appview_url: network.bsky?.url ?? null,
  appview_did: network.bsky?.serverDid ?? null,
  ozone_url: network.ozone ? `http://localhost:${network.ozone.port}` : null,
  ozone_did: network.ozone?.ctx.cfg.service.did ?? null,
  handle_domains: network.pds.ctx.cfg.identity.serviceHandleDomains,
  admin_password: 'admin-pass',
  db_schema: schema ?? null,
  startup_ms: Date.now() - started,
}
process.stdout.write(JSON.stringify(info) + '\n')
