// A calendar file (iCalendar, RFC 5545) with one all-day reminder per date: the follow-up of
// a learner's commitments to change. Pure: text in, text out; no DOM.

// RFC 5545 3.3.11: backslash, semicolon and comma are escaped in text, newlines become \n.
export function escapeText(text) {
  return String(text).replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");
}

// RFC 5545 3.1: lines longer than 75 octets are folded (CRLF and one space), never inside a
// UTF-8 character.
export function fold(line) {
  const bytes = new TextEncoder();
  const parts = [];
  let current = "";
  for (const char of line) {
    const limit = parts.length ? 74 : 75; // a continuation starts with its space
    if (bytes.encode(current + char).length > limit) {
      parts.push(current);
      current = "";
    }
    current += char;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const compact = (iso) => iso.replace(/[-:]/g, "").replace(/\.\d{3}/, "");

// events: [{date: "YYYY-MM-DD", summary, description, url}]; uid: a stable id per event.
export function calendarFile({ events, now, uidBase, productId }) {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:${productId}`, "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  events.forEach((event, i) => {
    const start = event.date.replaceAll("-", "");
    const next = new Date(`${event.date}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    lines.push(
      "BEGIN:VEVENT",
      `UID:${uidBase}-${i + 1}`,
      `DTSTAMP:${compact(now.toISOString())}`,
      `DTSTART;VALUE=DATE:${start}`,
      `DTEND;VALUE=DATE:${compact(next.toISOString().slice(0, 10))}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      `URL:${event.url}`,
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      `DESCRIPTION:${escapeText(event.summary)}`,
      "TRIGGER:PT9H",
      "END:VALARM",
      "END:VEVENT",
    );
  });
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}
