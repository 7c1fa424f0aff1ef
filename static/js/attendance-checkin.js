// Check-in on a phone: with the employee's consent, the browser's location and its accuracy
// go into the form's hidden fields before it is sent. Without consent, or when the browser
// refuses, the check-in is sent without a location (it is never blocked).
(function () {
  "use strict";
  var form = document.getElementById("check-in-form");
  if (!form) return;
  var share = document.getElementById("share-location");
  var status = document.getElementById("location-status");
  var button = form.querySelector("button[type=submit]");
  var sending = false;

  function field(name) {
    return form.querySelector("input[name=" + name + "]");
  }

  function send() {
    sending = true;
    form.submit();
  }

  form.addEventListener("submit", function (event) {
    if (sending || !share || !share.checked || !navigator.geolocation) return;
    event.preventDefault();
    button.disabled = true;
    status.textContent = button.dataset.wait || "";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        field("lat").value = position.coords.latitude.toFixed(7);
        field("lng").value = position.coords.longitude.toFixed(7);
        field("accuracy").value = Math.round(position.coords.accuracy * 10) / 10;
        send();
      },
      function () {
        status.textContent = button.dataset.denied || "";
        send();
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 }
    );
  });
})();
