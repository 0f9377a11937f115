// Realistic events that make the screenshots look like a project people work on: a chained Python
// error with source and locals, browser and Node errors, a warning message, spread over two weeks.
import { envelopeUrl, eventEnvelope, newEventId } from '../../harness/envelopes.js';

/** Posts one event envelope and fails loudly if ingest refuses it. */
export async function sendEvent(
  base: string,
  projectId: string,
  publicKey: string,
  event: Record<string, unknown>,
): Promise<void> {
  const res = await fetch(envelopeUrl(base, projectId, publicKey), {
    method: 'POST',
    body: eventEnvelope(event),
  });
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
}

/** The rich Python error the issue-detail screenshot shows. */
export function invoiceError(at: number): Record<string, unknown> {
  const frame = (fn: string, file: string, lineno: number, inApp: boolean, extra = {}) => ({
    function: fn,
    filename: file,
    abs_path: `/srv/billing/${file}`,
    module: file.replace(/\.py$/, '').replaceAll('/', '.'),
    lineno,
    in_app: inApp,
    ...extra,
  });
  return {
    event_id: newEventId(),
    timestamp: at / 1000,
    platform: 'python',
    level: 'error',
    environment: 'production',
    release: 'billing@3.8.0',
    server_name: 'billing-web-2',
    transaction: '/api/invoices/{id}/pay',
    user: { id: '1842', email: 'grace@example.com', ip_address: '203.0.113.7' },
    tags: { region: 'eu-west-1', customer_tier: 'enterprise' },
    contexts: {
      runtime: { name: 'CPython', version: '3.12.3' },
      os: { name: 'Linux', version: '6.8.0' },
      trace: { trace_id: '4c79f60c11214eb38604f4ae0781bfb2', span_id: 'fa90fdead5f74052', op: 'http.server' },
    },
    request: {
      url: 'https://billing.example.com/api/invoices/42/pay',
      method: 'POST',
      headers: { 'User-Agent': 'Mozilla/5.0', 'Content-Type': 'application/json' },
      data: { invoice: 42, method: 'card' },
    },
    breadcrumbs: {
      values: [
        {
          timestamp: (at - 900) / 1000,
          category: 'http',
          type: 'http',
          level: 'info',
          data: { method: 'POST', url: '/api/invoices/42/pay', status_code: 500 },
        },
        {
          timestamp: (at - 600) / 1000,
          category: 'query',
          level: 'info',
          message: 'SELECT * FROM invoices WHERE id = 42',
        },
        {
          timestamp: (at - 300) / 1000,
          category: 'billing',
          level: 'warning',
          message: 'invoice 42 has no currency, falling back to account default',
        },
      ],
    },
    exception: {
      values: [
        {
          type: 'KeyError',
          value: "'currency'",
          module: 'builtins',
          stacktrace: {
            frames: [
              frame('dispatch_request', 'flask/app.py', 880, false),
              frame('pay_invoice', 'billing/views.py', 54, true, {
                context_line: '    total = render_total(invoice, account)',
                pre_context: [
                  'def pay_invoice(invoice_id):',
                  '    invoice = Invoice.get(invoice_id)',
                  '    account = invoice.account',
                ],
                post_context: ['    return charge(account, total)'],
                vars: { invoice_id: '42', invoice: '<Invoice 42 draft>', account: '<Account acme>' },
              }),
              frame('render_total', 'billing/invoices.py', 118, true, {
                context_line: "    rate = RATES[invoice.meta['currency']]",
                pre_context: [
                  'def render_total(invoice, account):',
                  '    """Totals an invoice in its own currency."""',
                  '    subtotal = sum(line.amount for line in invoice.lines)',
                ],
                post_context: ['    return round(subtotal * rate, 2)', ''],
                vars: { subtotal: '1299.0', invoice: '<Invoice 42 draft>', account: '<Account acme>' },
              }),
            ],
          },
        },
        {
          type: 'PaymentError',
          value: 'Could not total invoice 42',
          module: 'billing.errors',
          mechanism: { type: 'chained', handled: false },
          stacktrace: {
            frames: [
              frame('full_dispatch_request', 'flask/app.py', 865, false),
              frame('dispatch_request', 'flask/app.py', 880, false),
              frame('pay_invoice', 'billing/views.py', 56, true, {
                context_line: "    raise PaymentError(f'Could not total invoice {invoice_id}') from err",
                pre_context: [
                  '    try:',
                  '        total = render_total(invoice, account)',
                  '    except KeyError as err:',
                ],
                post_context: ['    return charge(account, total)'],
                vars: { invoice_id: '42', err: "KeyError('currency')" },
              }),
            ],
          },
        },
      ],
    },
  };
}

function simpleError(
  at: number,
  type: string,
  value: string,
  fn: string,
  file: string,
  platform: string,
  level = 'error',
) {
  return {
    event_id: newEventId(),
    timestamp: at / 1000,
    platform,
    level,
    environment: 'production',
    release: platform === 'javascript' ? 'shop-frontend@2.4.1' : 'api@1.19.0',
    user: { id: `u${Math.floor(at / 7) % 50}` },
    exception: {
      values: [
        {
          type,
          value,
          stacktrace: {
            frames: [{ function: fn, filename: file, lineno: 41, colno: 17, in_app: true }],
          },
        },
      ],
    },
  };
}

/** A fortnight of traffic: several issues with different shapes, counts and levels. */
export function sampleEvents(now: number): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  let kind = 0;
  // Each kind of event is last seen a little earlier than the one before, so the stream has an order.
  const spread = (n: number, hours: number, make: (at: number) => Record<string, unknown>) => {
    const latest = now - 60_000 - kind++ * 7 * 60_000;
    for (let i = 0; i < n; i++) out.push(make(latest - ((i * 7919) % (hours * 60)) * 60_000));
  };
  spread(3, 20, invoiceError);
  spread(14, 300, (at) =>
    simpleError(
      at,
      'TypeError',
      "Cannot read properties of undefined (reading 'map')",
      'ProductList',
      'src/components/product-list.tsx',
      'javascript',
    ),
  );
  spread(6, 30, (at) =>
    simpleError(at, 'Error', 'connect ECONNREFUSED 10.0.0.12:5432', 'connectPool', 'src/db/pool.ts', 'node'),
  );
  spread(4, 200, (at) =>
    simpleError(
      at,
      'ReferenceError',
      'analytics is not defined',
      'trackPageView',
      'src/analytics.ts',
      'javascript',
    ),
  );
  spread(2, 6, (at) =>
    simpleError(
      at,
      'WorkerCrashed',
      'Worker 3 exited: JavaScript heap out of memory',
      'runJob',
      'src/jobs/worker.ts',
      'node',
      'fatal',
    ),
  );
  spread(5, 100, (at) => ({
    event_id: newEventId(),
    timestamp: at / 1000,
    platform: 'node',
    level: 'warning',
    environment: 'production',
    release: 'api@1.19.0',
    message: { formatted: 'Slow checkout: payment provider answered in 4.2 s' },
  }));
  return out;
}
