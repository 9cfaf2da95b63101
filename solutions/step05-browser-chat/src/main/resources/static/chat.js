"use strict";
// The chat page's client: the browser's WebSocket API on the RFC 6455 connection that your
// server accepts. The browser does the handshake, the masking and the framing; this script
// only opens, sends, receives and closes.

const nameEl = document.getElementById("name");
const statusEl = document.getElementById("status");
const messagesEl = document.getElementById("messages");
const composer = document.getElementById("composer");
const input = document.getElementById("message");
const sendButton = document.getElementById("send");
const closeButton = document.getElementById("close");

// The chat lives on the same host and port as the page, so the address comes from location:
// it works as localhost, 127.0.0.1, a LAN address or any name. https pages need wss.
const scheme = location.protocol === "https:" ? "wss:" : "ws:";
const socket = new WebSocket(`${scheme}//${location.host}/chat`);

function setStatus(text, state) {
  statusEl.textContent = text;
  statusEl.dataset.state = state;
}

function setEnabled(enabled) {
  input.disabled = !enabled;
  sendButton.disabled = !enabled;
  closeButton.disabled = !enabled;
}

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

socket.addEventListener("open", () => {
  setStatus("connected", "connected");
  setEnabled(true);
  input.focus();
});

socket.addEventListener("message", (event) => {
  const text = String(event.data);
  if (text.startsWith("* you are ")) {
    nameEl.textContent = text.slice("* you are ".length);
  }
  show(text);
});

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
