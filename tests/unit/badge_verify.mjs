// Independent check of a VC-JWT made by src/learning/badge.c, with node's
// own crypto (not libsodium): node badge_verify.mjs <jwt> <public JWK JSON>.
// Prints "ok" and exits 0 when the header's alg is "EdDSA" and the Ed25519
// signature over "header.payload" verifies with the JWK (RFC 8037 OKP key);
// otherwise prints the reason and exits 1.
import crypto from 'node:crypto';

function fail(reason) {
	console.log(reason);
	process.exit(1);
}

const [jwt, jwkText] = process.argv.slice(2);
if (!jwt || !jwkText) fail('usage: badge_verify.mjs <jwt> <jwk>');
const parts = jwt.split('.');
if (parts.length !== 3) fail('not a compact JWS (expected 3 parts)');
const b64url = /^[A-Za-z0-9_-]+$/;
if (!parts.every((p) => b64url.test(p))) fail('a part is not base64url without padding');

let header;
try {
	header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
} catch (e) {
	fail('header is not JSON: ' + e.message);
}
if (header === null || typeof header !== 'object') fail('header is not an object');
if (header.alg !== 'EdDSA') fail('alg is ' + JSON.stringify(header.alg) + ', not "EdDSA"');

let key;
try {
	const jwk = JSON.parse(jwkText);
	if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') fail('JWK is not an OKP Ed25519 key');
	if ('d' in jwk) fail('JWK holds a private key');
	key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
} catch (e) {
	fail('bad JWK: ' + e.message);
}

const data = Buffer.from(parts[0] + '.' + parts[1], 'ascii');
const signature = Buffer.from(parts[2], 'base64url');
if (signature.length !== 64) fail('signature is ' + signature.length + ' bytes, not 64');
if (!crypto.verify(null, data, key, signature)) fail('signature does not verify');

try {
	const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
	if (payload === null || typeof payload !== 'object' || typeof payload.vc !== 'object')
		fail('payload has no "vc" object');
} catch (e) {
	fail('payload is not JSON: ' + e.message);
}
console.log('ok');
