"""The benchmark's Python peer: the course's broadcast chat (names, join and leave notices, every
text to everyone as "name: text") on Tornado 6, the library the blog post this course grew from ends
with, in the shape of Tornado's own chat demo (a set of handlers, write_message to each).
Started by tools/BroadcastBenchmark.java (--servers course,tornado): python3 tools/bench/tornado_chat.py PORT.
Loopback only. Tornado: sudo apt-get install python3-tornado, or pip install tornado."""
import asyncio
import itertools
import sys

import tornado.web
import tornado.websocket


class Chat(tornado.websocket.WebSocketHandler):
    members = set()
    guests = itertools.count(1)

    def check_origin(self, origin):
        return True  # the benchmark's clients send no Origin

    def open(self):
        self.set_nodelay(True)  # as ws, Java-WebSocket and the course's server do: no Nagle delay on small frames
        self.name = "guest-%d" % next(Chat.guests)
        self.write_message("* you are " + self.name)
        Chat.broadcast("* %s joined" % self.name)
        Chat.members.add(self)

    def on_message(self, message):
        if isinstance(message, bytes):
            self.close(1003, "this chat accepts text messages only")
            return
        Chat.broadcast("%s: %s" % (self.name, message))

    def on_close(self):
        if self in Chat.members:
            Chat.members.discard(self)
            Chat.broadcast("* %s left" % self.name)

    @classmethod
    def broadcast(cls, text):
        payload = text.encode("utf-8")  # once, the same bytes to every member; still a text frame (binary=False)
        for member in list(cls.members):
            try:
                member.write_message(payload)
            except tornado.websocket.WebSocketClosedError:
                cls.members.discard(member)  # a client went away: nothing to report in a benchmark


async def main(port):
    app = tornado.web.Application([(r"/chat", Chat)])
    app.listen(port, address="127.0.0.1")
    print("Tornado chat at ws://127.0.0.1:%d/chat" % port, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
