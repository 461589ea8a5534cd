#!/usr/bin/env python3
"""SMTP sink for the mail tests.

Usage: smtp_sink.py OUTDIR

Listens on a free loopback port and prints "ready PORT" once it accepts
connections. Every message received is written to OUTDIR as one JSON file
{"mail_from", "rcpt_tos", "data"} (through a temporary name and a rename,
so a reader never sees half a file) before the 250 reply is sent. RCPT TO
an address starting with "reject" gets a 550. The sink exits when its
standard input closes, so it does not outlive a test that crashed.
"""
import asyncio
import json
import os
import sys
import threading

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("reject"):
            return "550 5.1.1 <%s>: recipient refused" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.content.decode("utf-8", "replace"),
        }
        name = os.path.join(self.outdir, "%06d.json" % self.count)
        with open(name + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(name + ".tmp", name)
        return "250 2.0.0 accepted"


async def main(outdir):
    loop = asyncio.get_running_loop()
    sink = Sink(outdir)
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.localhost"), host="127.0.0.1", port=0
    )
    stop = asyncio.Event()

    def watch_stdin():
        # A thread, not loop.add_reader: that cannot watch /dev/null or a file.
        while sys.stdin.buffer.read1(4096):
            pass
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=watch_stdin, daemon=True).start()
    port = server.sockets[0].getsockname()[1]
    print("ready %d" % port, flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: smtp_sink.py OUTDIR")
    asyncio.run(main(sys.argv[1]))
