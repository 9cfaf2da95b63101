"use strict";
// The chat page's client: the browser's WebSocket API on the RFC 6455 connection that your
// server accepts. The browser does the handshake, the masking and the framing; this script
// only opens, sends, receives and closes.
// BEGIN exercise 2
// INSTEAD
// //
// // TODO step 05, exercise 2: write the client. Read step05-browser-chat/README.md, "Exercise 2";
// // stuck? step05-browser-chat/HINTS.md. The page's elements are in index.html:
// //   #name      where to show the name the server gave you ("* you are guest-1")
// //   #status    "connecting…" now; "connected" once open; "disconnected" once closed
// //   #messages  the list of messages: one <li> per message, as TEXT (never innerHTML)
// //   #composer  the form around #message (the text box) and #send (Enter submits it too)
// //   #close     closes the connection with code 1000
// // Until then, the page loads and does nothing.
// END exercise 2

// BEGIN exercise 2
const nameEl = document.getElementById("name");
const statusEl = document.getElementById("status");
const messagesEl = document.getElementById("messages");
const composer = document.getElementById("composer");
const input = document.getElementById("message");
const sendButton = document.getElementById("send");
const closeButton = document.getElementById("close");
// INSTEAD
// // TODO: build the ws:// URL from location (the chat is at /chat on the same host and port)
// //       and open a WebSocket to it.
// END exercise 2

// BEGIN exercise 2
// The chat lives on the same host and port as the page, so the address comes from location:
// it works as localhost, 127.0.0.1, a LAN address or any name. https pages need wss.
const scheme = location.protocol === "https:" ? "wss:" : "ws:";
const socket = new WebSocket(`${scheme}//${location.host}/chat`);
// INSTEAD
// // TODO: on open: status "connected", enable #message, #send and #close.
// END exercise 2

// BEGIN exercise 2
function setStatus(text, state) {
  statusEl.textContent = text;
  statusEl.dataset.state = state;
}
// INSTEAD
// // TODO: on message: add the text to #messages; if it is "* you are <name>", show the name.
// END exercise 2

// BEGIN exercise 2
function setEnabled(enabled) {
  input.disabled = !enabled;
  sendButton.disabled = !enabled;
  closeButton.disabled = !enabled;
}
// INSTEAD
// // TODO: on close: status "disconnected", disable the input and buttons.
// END exercise 2

// BEGIN exercise 2
// Messages are shown as text, never as HTML: "<img src=x onerror=...>" from another user must stay
// harmless characters. textContent does that; innerHTML would run their code in everyone's page.
function show(text) {
  const item = document.createElement("li");
  item.textContent = text;
  if (text.startsWith("* ")) {
    item.className = "notice";
  }
  messagesEl.append(item);
  item.scrollIntoView({ block: "end" });
}
// INSTEAD
// // TODO: on submit of #composer: prevent the page reload, send the text, clear the box.
// END exercise 2

// BEGIN exercise 2
socket.addEventListener("open", () => {
  setStatus("connected", "connected");
  setEnabled(true);
  input.focus();
});
// INSTEAD
// // TODO: on click of #close: close with 1000.
// END exercise 2

// BEGIN exercise 2
socket.addEventListener("message", (event) => {
  const text = String(event.data);
  if (text.startsWith("* you are ")) {
    nameEl.textContent = text.slice("* you are ".length);
  }
  show(text);
});
// INSTEAD
// console.info("chat.js: the client is yours to write (step 05, exercise 2)");
// END exercise 2

// BEGIN exercise 2
socket.addEventListener("close", (event) => {
  setStatus("disconnected", "disconnected");
  setEnabled(false);
  show(`* disconnected (close code ${event.code})`);
});

// A form submit covers both the Send button and the Enter key.
composer.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = input.value;
  if (text.trim() !== "" && socket.readyState === WebSocket.OPEN) {
    socket.send(text);
    input.value = "";
  }
  input.focus();
});

// 1000: normal closure (RFC 6455 §7.4.1). The server answers with its own close frame.
closeButton.addEventListener("click", () => {
  socket.close(1000, "bye");
});

// END exercise 2