/* Yandex Metrika's counter, started from a file so that the Content-Security-Policy needs no
   inline script. The counter number is the data-counter attribute of this script's tag; the
   counter itself (mc.yandex.ru/metrika/tag.js) loads after it and reads the queue set up here. */
(function () {
  "use strict";
  var counter = Number(document.currentScript.getAttribute("data-counter"));
  if (!counter) {
    return;
  }
  window.ym = window.ym || function () {
    (window.ym.a = window.ym.a || []).push(arguments);
  };
  window.ym.l = Date.now();
  window.ym(counter, "init", { clickmap: false, trackLinks: true });
})();
