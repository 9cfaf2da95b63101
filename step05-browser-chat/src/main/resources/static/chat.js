"use strict";
// The chat page's client: the browser's WebSocket API on the RFC 6455 connection that your
// server accepts. The browser does the handshake, the masking and the framing; this script
// only opens, sends, receives and closes.
//
// TODO step 05, exercise 2: write the client. Read step05-browser-chat/README.md, "Exercise 2";
// stuck? step05-browser-chat/HINTS.md. The page's elements are in index.html:
//   #name      where to show the name the server gave you ("* you are guest-1")
//   #status    "connecting…" now; "connected" once open; "disconnected" once closed
//   #messages  the list of messages: one <li> per message, as TEXT (never innerHTML)
//   #composer  the form around #message (the text box) and #send (Enter submits it too)
//   #close     closes the connection with code 1000
// Until then, the page loads and does nothing.

// TODO: build the ws:// URL from location (the chat is at /chat on the same host and port)
//       and open a WebSocket to it.

// TODO: on open: status "connected", enable #message, #send and #close.

// TODO: on message: add the text to #messages; if it is "* you are <name>", show the name.

// TODO: on close: status "disconnected", disable the input and buttons.

// TODO: on submit of #composer: prevent the page reload, send the text, clear the box.

// TODO: on click of #close: close with 1000.

console.info("chat.js: the client is yours to write (step 05, exercise 2)");
