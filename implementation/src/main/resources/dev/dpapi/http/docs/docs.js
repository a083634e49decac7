// The served OpenAPI document, read only: no requests sent from the page, no configuration taken from the
// address bar, no validator or other host asked for anything.
window.ui = SwaggerUIBundle({
  // absolute, from the page's origin: a fetch refuses a URL that carries credentials (http://user:pw@host/v2/docs)
  url: new URL("/swagger.json", window.location.origin).href,
  dom_id: "#docs",
  supportedSubmitMethods: [],
  queryConfigEnabled: false,
  validatorUrl: null,
  deepLinking: false
});
