// Unit tests of the calendar file writer (docs/javascripts/calendar-file.js), run by `node --test`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { calendarFile, escapeText, fold } from "../../docs/javascripts/calendar-file.js";

test("text is escaped as RFC 5545 asks", () => {
  assert.equal(escapeText("a; b, c\\d\nnext"), "a\\; b\\, c\\\\d\\nnext");
});

test("long lines fold at 75 octets, never inside a character", () => {
  const line = `DESCRIPTION:${"é".repeat(80)}`;
  const parts = fold(line).split("\r\n");
  const bytes = (s) => new TextEncoder().encode(s).length;
  assert.ok(parts.every((p) => bytes(p) <= 75), parts.map(bytes));
  assert.equal(parts.map((p, i) => (i ? p.slice(1) : p)).join(""), line);
});

test("one all-day event per date, with a URL and CRLF line ends", () => {
  const text = calendarFile({
    events: [{ date: "2027-01-31", summary: "S", description: "D", url: "https://x.test/follow-up/" }],
    now: new Date("2026-12-03T10:00:00Z"), uidBase: "u@x", productId: "-//T//EN",
  });
  assert.ok(text.includes("DTSTART;VALUE=DATE:20270131\r\nDTEND;VALUE=DATE:20270201\r\n"));
  assert.ok(text.includes("UID:u@x-1\r\nDTSTAMP:20261203T100000Z\r\n"));
  assert.ok(text.endsWith("END:VCALENDAR\r\n"));
});
