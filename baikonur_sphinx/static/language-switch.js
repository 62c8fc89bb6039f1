/* The language switch leads to the same place in the other edition: it keeps the page's #anchor
   (the section a reader is at, or the one a link pointed to). The anchor is known only in the
   browser, so it is added when the switch is followed. */
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a.baikonur-language-other") : null;
  if (link && window.location.hash) {
    link.href = link.href.split("#")[0] + window.location.hash;
  }
});
