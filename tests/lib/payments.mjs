// Helpers of the payments tests (t33xx): the simulator's keys from
// DATA/campus.ini, calls to its Adyen-format API, Adyen's notification
// HMAC computed independently with node:crypto, polling.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { Client } from './client.mjs';

/** The [payments] section of DATA/campus.ini as an object. */
export function paymentsConfig(dataDir) {
  const text = readFileSync(join(dataDir, 'campus.ini'), 'utf8');
  const out = {};
  let section = '';
  for (const line of text.split(/\r?\n/)) {
    const s = /^\[(.+)\]$/.exec(line.trim());
    if (s) { section = s[1]; continue; }
    const kv = /^([a-z_]+)=(.*)$/.exec(line.trim());
    if (kv && section === 'payments') out[kv[1]] = kv[2];
  }
  return out;
}

export function uniqueRef(tag = 'pay') {
  return `${tag}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** A first payment on the simulator's /v71/payments, as campus's adapter sends it. */
export function firstPaymentBody(srv, over = {}) {
  return {
    amount: { value: 1900, currency: 'EUR' },
    reference: uniqueRef(),
    merchantAccount: 'CampusECOM',
    shopperReference: `user-${randomBytes(3).toString('hex')}`,
    shopperEmail: 'shopper@example.test',
    shopperLocale: 'en',
    countryCode: 'FR',
    returnUrl: `${srv.url}/?from=sim`,
    storePaymentMethod: true,
    recurringProcessingModel: 'Subscription',
    shopperInteraction: 'Ecommerce',
    ...over,
  };
}

export async function simApi(srv, path, body, { key, idempotencyKey, apiKey } = {}) {
  const cfg = paymentsConfig(srv.dataDir);
  const headers = { 'x-api-key': apiKey ?? cfg.adyen_api_key };
  if (idempotencyKey ?? key) headers['idempotency-key'] = idempotencyKey ?? key;
  return new Client(srv.url).api('POST', `/sim/adyen${path}`, body, { headers });
}

/** Adyen's signing string and HMAC (hex key, Base64), independently of campus. */
export function adyenSign(item, hexKey) {
  const s = [item.pspReference, item.originalReference ?? '', item.merchantAccountCode, item.merchantReference,
    item.amount.value, item.amount.currency, item.eventCode, item.success].join(':');
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(s, 'utf8').digest('base64');
}

/** A notification body with the given items (each signed unless it carries its own hmacSignature). */
export function notification(items, hexKey) {
  return {
    live: 'false',
    notificationItems: items.map((it) => {
      const item = {
        merchantAccountCode: 'CampusECOM',
        eventDate: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
        success: 'true',
        amount: { value: 1900, currency: 'EUR' },
        ...it,
      };
      item.additionalData = { ...(item.additionalData || {}) };
      if (!item.additionalData.hmacSignature) item.additionalData.hmacSignature = adyenSign(item, hexKey);
      return { NotificationRequestItem: item };
    }),
  };
}

export async function postWebhook(srv, body, headers = {}) {
  return new Client(srv.url).request('POST', '/webhooks/adyen', {
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** The stored notifications (admin API), newest first. */
export async function storedNotifications(admin) {
  const r = await admin.api('GET', '/api/v1/payment-notifications?limit=1000');
  assert.equal(r.status, 200, r.describe());
  return r.json.items;
}

export async function waitFor(fn, { timeout = 8000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
