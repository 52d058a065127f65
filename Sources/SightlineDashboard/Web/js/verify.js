// Checking the log in the browser, with no trust in the server's word: the checkpoint's Ed25519
// signature against the published verifier key (C2SP signed note), each leaf hashed from the
// entry's exact bytes, and RFC 9162 inclusion proofs up to the checkpoint's root.

const encoder = new TextEncoder();
const bytes64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};
const sha256 = async (data) => new Uint8Array(await crypto.subtle.digest('SHA-256', data));
const equal = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

export const canVerify = () => !!globalThis.crypto?.subtle;

export async function leafHash(text) { return sha256(concat([0], encoder.encode(text))); }
const nodeHash = (left, right) => sha256(concat([1], left, right));

/** Verifies a signed note against `name+keyid+base64(0x01||key)`; returns {origin, size, root}. */
export async function verifyCheckpoint(note, verifierKey) {
  // name+keyid+base64: the base64 may itself hold '+', so split at the first two only.
  const text = verifierKey.trim();
  const first = text.indexOf('+'), second = text.indexOf('+', first + 1);
  const [name, keyIdHex, keyText] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  const keyData = bytes64(keyText);
  if (keyData.length !== 33 || keyData[0] !== 1) throw new Error('the verifier key is not an Ed25519 key');
  const publicKey = keyData.slice(1);
  const keyId = (await sha256(concat(encoder.encode(name), [0x0a, 0x01], publicKey))).slice(0, 4);
  const hex = [...keyId].map((b) => b.toString(16).padStart(2, '0')).join('');
  if (hex !== keyIdHex) throw new Error('the verifier key\'s id does not match its name and key');
  const split = note.indexOf('\n\n');
  if (split < 0) throw new Error('the checkpoint has no signature block');
  const body = note.slice(0, split + 1);
  const key = await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  let signed = false;
  for (const line of note.slice(split + 2).split('\n').filter(Boolean)) {
    const [dash, signer, blobText] = line.split(' ');
    if (dash !== '\u2014' || signer !== name) continue;
    const blob = bytes64(blobText);
    if (blob.length !== 68 || !equal(blob.slice(0, 4), keyId)) continue;
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, key, blob.slice(4), encoder.encode(body)))) {
      throw new Error(`the checkpoint's signature by ${name} does not verify`);
    }
    signed = true;
  }
  if (!signed) throw new Error(`the checkpoint carries no signature by ${name}`);
  const [origin, size, root] = body.trimEnd().split('\n');
  return { origin, size: Number(size), root, signer: name };
}

/** RFC 9162 §2.1.3.2: does `proof` take the leaf at `index` to `root` in a tree of `size`? */
export async function verifyInclusion(index, size, leaf, proofBase64, rootBase64) {
  if (index >= size) return false;
  let fn = index, sn = size - 1, r = leaf;
  for (const p of proofBase64.map(bytes64)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, bytes64(rootBase64));
}

export const base64 = (data) => btoa(String.fromCharCode(...data));
