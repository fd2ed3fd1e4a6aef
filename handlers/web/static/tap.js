// One tap: the answer link's page sends the tapped answer back once it has loaded in a browser.
// A plain GET (what most mail scanners do) records nothing; the server holds the tap before it counts.
(function () {
  "use strict";
  var form = document.querySelector("form[data-tap]");
  if (!form || !window.fetch) return;
  var status = document.getElementById("tap-status");
  var body = new URLSearchParams();
  body.set("answer", form.getAttribute("data-tap"));
  fetch(form.getAttribute("action") + "/tap", { method: "POST", body: body, credentials: "same-origin" })
    .then(function (response) {
      var chosen = form.querySelector("input[name=answer]:checked");
      if (response.status === 204 && status && chosen && chosen.value === body.get("answer")) {
        status.textContent = status.getAttribute("data-saved");
        status.hidden = false;
      }
    })
    .catch(function () { /* the form below still works */ });
  // Another choice on the page is not sent until the button is pressed: the note no longer applies then.
  form.addEventListener("change", function (event) {
    if (status && event.target.name === "answer") status.hidden = true;
  });
})();
