/**
 * Whether an IP address is a public unicast destination that outbound requests on a user's behalf may reach.
 * Parsing is ipaddr.js's (every IPv6 spelling, IPv4-mapped unwrapped by `process`); on top of its `range()`
 * the ranges are listed here explicitly so that a library update cannot quietly open one, and addresses that
 * carry an IPv4 address inside (NAT64, 6to4) are judged by that IPv4 address.
 */
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

export type AddressVerdict =
  | { public: true; /** The address to connect to (IPv4-mapped IPv6 unwrapped to IPv4). */ address: string; family: 4 | 6 }
  | { public: false; reason: string };

type Block = [cidr: string, reason: string];

const V4_BLOCKS: Block[] = [
  ["0.0.0.0/8", "this network (RFC 791)"],
  ["10.0.0.0/8", "private (RFC 1918)"],
  ["100.64.0.0/10", "carrier-grade NAT (RFC 6598)"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local (RFC 3927)"],
  ["172.16.0.0/12", "private (RFC 1918)"],
  ["192.0.0.0/24", "IETF protocol assignments (RFC 6890)"],
  ["192.0.2.0/24", "documentation (RFC 5737)"],
  ["192.88.99.0/24", "6to4 relay anycast (RFC 7526)"],
  ["192.168.0.0/16", "private (RFC 1918)"],
  ["198.18.0.0/15", "benchmarking (RFC 2544)"],
  ["198.51.100.0/24", "documentation (RFC 5737)"],
  ["203.0.113.0/24", "documentation (RFC 5737)"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved (RFC 1112)"],
  ["255.255.255.255/32", "broadcast"],
];

const V6_BLOCKS: Block[] = [
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  // IPv4-compatible (::a.b.c.d, deprecated by RFC 4291): never a legitimate destination.
  ["::/96", "IPv4-compatible (deprecated, RFC 4291)"],
  ["::ffff:0:0:0/96", "IPv4-translated (RFC 6145)"],
  ["100::/64", "discard-only (RFC 6666)"],
  // Teredo hides the client's IPv4 address (obfuscated) behind a relay; refused rather than decoded.
  ["2001::/32", "Teredo (RFC 4380)"],
  ["2001::/23", "IETF protocol assignments (RFC 2928)"],
  ["2001:2::/48", "benchmarking (RFC 5180)"],
  ["2001:db8::/32", "documentation (RFC 3849)"],
  ["3fff::/20", "documentation (RFC 9637)"],
  ["5f00::/16", "segment routing SIDs (RFC 9602)"],
  ["fc00::/7", "unique local (RFC 4193)"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "site-local (deprecated, RFC 3879)"],
  ["ff00::/8", "multicast"],
];

const parseBlocks = (blocks: Block[]) => blocks.map(([cidr, reason]) => ({ range: ipaddr.parseCIDR(cidr), reason }));
const V4 = parseBlocks(V4_BLOCKS);
const V6 = parseBlocks(V6_BLOCKS);
/** IANA's global unicast space; anything else in IPv6 is unallocated or special. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");
const NAT64_WELL_KNOWN = ipaddr.parseCIDR("64:ff9b::/96");
const NAT64_LOCAL = ipaddr.parseCIDR("64:ff9b:1::/48");
const SIX_TO_FOUR = ipaddr.parseCIDR("2002::/16");

function v4FromWords(hi: number, lo: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

function classifyV4(a: ipaddr.IPv4): { ok: true } | { ok: false; reason: string } {
  const block = V4.find((b) => a.match(b.range));
  if (block) return { ok: false, reason: block.reason };
  // Belt and braces: whatever ipaddr.js knows as special (AS112, AMT, ...) is refused too.
  if (a.range() !== "unicast") return { ok: false, reason: `special-purpose (${a.range()})` };
  return { ok: true };
}

/** The IPv4 address an IPv6 address translates to on the way out (NAT64, 6to4), if it is such an address. */
function embeddedV4(a: ipaddr.IPv6): { v4: ipaddr.IPv4; via: string } | { v4: null; via: string } | null {
  const p = a.parts;
  if (a.match(NAT64_WELL_KNOWN)) return { v4: v4FromWords(p[6], p[7]), via: "NAT64" };
  if (a.match(NAT64_LOCAL)) {
    // RFC 8215 lets the operator pick the prefix length; only the /96 layout (bits 48-95 zero) is decoded,
    // any other layout is refused because the IPv4 address could sit elsewhere in it.
    if (p[3] === 0 && p[4] === 0 && p[5] === 0) return { v4: v4FromWords(p[6], p[7]), via: "local NAT64" };
    return { v4: null, via: "local NAT64 (prefix other than /96)" };
  }
  if (a.match(SIX_TO_FOUR)) return { v4: v4FromWords(p[1], p[2]), via: "6to4" };
  return null;
}

/**
 * Classifies one address as a resolver or a URL gives it. Only canonical textual forms are accepted
 * (`node:net` isIP): the WHATWG URL parser has already normalised `2130706433`, `0x7f.1`, `127.1` and
 * friends in a URL, and a DNS answer in such a form is not an address.
 */
export function classifyAddress(raw: string): AddressVerdict {
  let text = raw.replace(/^\[|\]$/g, "");
  if (text.includes("%")) return { public: false, reason: "scoped (zone id)" };
  const kind = isIP(text);
  if (!kind) return { public: false, reason: "not an IP address" };
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // Canonical IPv6 text first: ipaddr.js reads "::a.b.c.d" (IPv4-compatible) as if it were "::ffff:a.b.c.d".
    if (kind === 6) text = new URL(`http://[${text}]/`).hostname.slice(1, -1);
    parsed = ipaddr.process(text);
  } catch {
    return { public: false, reason: "not an IP address" };
  }
  if (parsed.kind() === "ipv4") {
    const v4 = classifyV4(parsed as ipaddr.IPv4);
    return v4.ok ? { public: true, address: parsed.toString(), family: 4 } : { public: false, reason: v4.reason };
  }
  const v6 = parsed as ipaddr.IPv6;
  const inner = embeddedV4(v6);
  if (inner) {
    if (!inner.v4) return { public: false, reason: inner.via };
    const v4 = classifyV4(inner.v4);
    if (!v4.ok) return { public: false, reason: `${inner.via} of ${inner.v4.toString()}: ${v4.reason}` };
    return { public: true, address: v6.toString(), family: 6 };
  }
  const block = V6.find((b) => v6.match(b.range));
  if (block) return { public: false, reason: block.reason };
  if (!v6.match(GLOBAL_UNICAST_V6)) return { public: false, reason: "outside global unicast 2000::/3" };
  if (v6.range() !== "unicast") return { public: false, reason: `special-purpose (${v6.range()})` };
  return { public: true, address: v6.toString(), family: 6 };
}

/** Whether an address is loopback, private, link-local or otherwise not a public unicast address. */
export function isPrivateAddress(ip: string): boolean {
  return !classifyAddress(ip).public;
}
