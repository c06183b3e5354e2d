/// The dashboard's one script, served at `/assets/app.js` from the binary (the Content-Security-
/// Policy allows no other). It follows `/events/stream` (Server-Sent Events; the browser resends
/// the last event id when it reconnects) and, after each change, fetches the page it shows again
/// and swaps its `<main>`: the board moves without a reload.
enum AppScript {
  static let text = """
    (function () {
      "use strict";
      var live = document.getElementById("live");
      var pending = null;
      var updates = 0;
      function say(text, on) {
        if (!live) return;
        live.textContent = text;
        live.className = "live " + (on ? "on" : "off");
      }
      function refresh() {
        pending = null;
        fetch(window.location.href, { headers: { "X-Jit-Refresh": "1" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) {
            if (html === null) return;
            var next = new DOMParser().parseFromString(html, "text/html").querySelector("main");
            var main = document.querySelector("main");
            if (next && main) {
              main.innerHTML = next.innerHTML;
              updates += 1;
              document.body.setAttribute("data-updates", String(updates));
            }
          })
          .catch(function () {});
      }
      function schedule() {
        if (pending === null) pending = window.setTimeout(refresh, 150);
      }
      if (!window.EventSource) { say("no live updates in this browser", false); return; }
      var source = new EventSource("/events/stream");
      source.addEventListener("open", function () { say("live", true); });
      source.addEventListener("error", function () { say("reconnecting\\u2026", false); });
      source.addEventListener("reset", schedule);
      source.addEventListener("message", function (message) {
        var kind = "";
        try { kind = JSON.parse(message.data).event || ""; } catch (e) {}
        document.body.setAttribute("data-last-event", message.lastEventId || "");
        say("live \\u00b7 " + kind + " " + new Date().toLocaleTimeString(), true);
        schedule();
      });
    })();
    """
}
