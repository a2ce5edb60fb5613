// Diálogo's own behaviour, kept in a file: the Content-Security-Policy forbids inline
// scripts and event handlers.

// A form with data-confirm asks before it is sent ("Delete the rule …?").
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
