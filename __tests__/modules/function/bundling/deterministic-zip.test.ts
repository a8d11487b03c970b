/**
 * zipSingleFile: a one-file zip whose bytes depend only on the file's name and content (the zip
 * epoch as timestamp, no extra fields), so the same code always ships with the same hash; any
 * unzip reads it back.
 */
import { inflateRawSync } from "node:zlib";
import { zipSingleFile } from "../../../../modules/function/bundling/deterministic-zip";

/** Reads the one entry of a zip written by zipSingleFile, checking the fields unzip relies on. */
function unzipSingle(zip: Buffer): { name: string; content: Buffer; dosDate: number } {
  expect(zip.readUInt32LE(0)).toBe(0x04034b50);
  const compressedSize = zip.readUInt32LE(18);
  const nameLength = zip.readUInt16LE(26);
  const name = zip.subarray(30, 30 + nameLength).toString("utf8");
  const content = inflateRawSync(zip.subarray(30 + nameLength, 30 + nameLength + compressedSize));
  expect(zip.readUInt32LE(zip.length - 22)).toBe(0x06054b50);
  return { name, content, dosDate: zip.readUInt16LE(12) };
}

describe("zipSingleFile", () => {
  test("the zip holds index.js with the bundler's bytes and the zip-epoch timestamp", () => {
    const zip = zipSingleFile("index.js", Buffer.from("exports.handler = 1;"));
    const entry = unzipSingle(zip);
    expect(entry).toEqual({ name: "index.js", content: Buffer.from("exports.handler = 1;"), dosDate: 33 });
  });

  test("the bytes depend on the name and the content only, never on the clock", () => {
    jest.useFakeTimers({ now: new Date("2001-02-03T04:05:06Z") });
    let early: Buffer;
    try {
      early = zipSingleFile("index.mjs", Buffer.from("export const a = 1;"));
      jest.setSystemTime(new Date("2031-12-31T23:59:59Z"));
      expect(zipSingleFile("index.mjs", Buffer.from("export const a = 1;"))).toEqual(early);
    } finally {
      jest.useRealTimers();
    }
    expect(zipSingleFile("index.js", Buffer.from("export const a = 1;"))).not.toEqual(early);
    expect(zipSingleFile("index.mjs", Buffer.from("export const a = 2;"))).not.toEqual(early);
  });

  test("the central directory names the file once, as a regular file with mode 0644", () => {
    const zip = zipSingleFile("index.mjs", Buffer.from("export const a = 1;"));
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(zip.readUInt32LE(zip.length - 22 + 16)).toBe(central);
    expect(zip.subarray(central + 46, central + 46 + zip.readUInt16LE(central + 28)).toString("utf8")).toBe("index.mjs");
    expect(zip.readUInt32LE(central + 38) >>> 16).toBe(0o100644);
    expect(zip.readUInt16LE(zip.length - 22 + 10)).toBe(1);
  });
});
