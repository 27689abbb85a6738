import { describe, expect, it } from "vitest";
import { classifyAddress, isPrivateAddress } from "./classify-address";
import { ADDRESS_FORMS } from "./testing/address-forms";

describe("classifyAddress", () => {
  it.each(ADDRESS_FORMS)("%s → %s", (address, reason) => {
    const verdict = classifyAddress(address);
    if (reason === null) {
      expect(verdict).toMatchObject({ public: true });
    } else {
      expect(verdict.public).toBe(false);
      expect(verdict.public === false && verdict.reason).toMatch(reason);
    }
  });

  it("connects IPv4-mapped public addresses over IPv4 and keeps other IPv6 as given", () => {
    expect(classifyAddress("::ffff:8.8.8.8")).toEqual({ public: true, address: "8.8.8.8", family: 4 });
    expect(classifyAddress("[2606:4700::1111]")).toEqual({ public: true, address: "2606:4700::1111", family: 6 });
    expect(classifyAddress("64:ff9b::8.8.8.8")).toEqual({ public: true, address: "64:ff9b::808:808", family: 6 });
  });

  it("refuses what is not a canonical address (a resolver answering 127.1 or a zone id)", () => {
    for (const odd of ["127.1", "0x7f.1", "2130706433", "example.com", "", "fe80::1%eth0", "2606:4700::1111%1"]) {
      expect(classifyAddress(odd).public, odd).toBe(false);
    }
  });
});

// The cases of the former server/training/safe-fetch.test.ts, unchanged.
describe("isPrivateAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.1.2.3", true],
    ["172.20.0.1", true],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["::1", true],
    ["fd00::1", true],
    ["fe80::1", true],
    ["::ffff:127.0.0.1", true],
    ["8.8.8.8", false],
    ["2606:4700::1111", false],
    ["172.32.0.1", false],
  ])("%s → %s", (ip, expected) => expect(isPrivateAddress(ip)).toBe(expected));
});
