// The served OpenAPI document, read only: no requests sent from the page, no configuration taken from the
// address bar, no validator or other host asked for anything.
window.ui = SwaggerUIBundle({
  url: "/swagger.json",
  dom_id: "#docs",
  supportedSubmitMethods: [],
  queryConfigEnabled: false,
  validatorUrl: null,
  deepLinking: false
});
