// Passkey buttons on the two-step sign-in pages. The WebAuthn work is allauth's
// (static/mfa/js/webauthn.js, loaded before this file); allauth's templates start it
// from inline JSON blocks, ours from data attributes on the button, so the pages need
// no inline script under our Content Security Policy:
//   data-passkey             add | authenticate | login (allauth's addForm, ...)
//   data-passkey-credential  id of the hidden input the signed answer goes into
//   data-passkey-options     id of the json_script element with the server's options
//   data-passkey-passwordless  id of the "sign me in on its own" checkbox (add only)
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const forms = window.allauth && window.allauth.webauthn && window.allauth.webauthn.forms;
  if (!forms || !window.PublicKeyCredential) {
    const note = document.querySelector("[data-passkey-note]");
    if (note) note.textContent = "This browser can't use passkeys. A code from your app works instead.";
    for (const button of document.querySelectorAll("[data-passkey]")) button.disabled = true;
    return;
  }
  for (const button of document.querySelectorAll("[data-passkey]")) {
    const kind = button.dataset.passkey;
    const ids = { [kind]: button.id, credential: button.dataset.passkeyCredential };
    if (button.dataset.passkeyOptions) ids.data = button.dataset.passkeyOptions;
    if (button.dataset.passkeyPasswordless) ids.passwordless = button.dataset.passkeyPasswordless;
    forms[`${kind}Form`]({ ids });
    // Enter in the name field would post the form without a passkey: start one instead.
    const form = document.getElementById(ids.credential)?.form;
    form?.addEventListener("submit", (event) => {
      if (!document.getElementById(ids.credential).value) {
        event.preventDefault();
        button.click();
      }
    });
  }
});

// allauth announces a cancelled or refused passkey step; say so kindly instead of
// leaving it in the console.
document.addEventListener("allauth.error", (event) => {
  const note = document.querySelector("[data-passkey-note]");
  if (!note) return;
  event.preventDefault();
  note.textContent = note.dataset.passkeyNote;
});
