// Progressive enhancement of the report form: hide the no-JS step button (htmx refreshes choices in place)
// and offer the phone's location for the optional point. The form works fully without this file.
(function () {
  document.documentElement.classList.add("js");
  var button = document.getElementById("use-location");
  if (!button || !navigator.geolocation) { return; }
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("id_lat").value = pos.coords.latitude.toFixed(6);
      document.getElementById("id_lng").value = pos.coords.longitude.toFixed(6);
    });
  });
})();
