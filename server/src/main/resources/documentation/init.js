// Kept out of index.html so the page works under a strict Content-Security-Policy.
window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // The session cookie rides along; writes need the CSRF header from the commander_csrf cookie.
  requestInterceptor: (request) => {
    const csrf = document.cookie.split('; ').find((c) => c.startsWith('commander_csrf='));
    if (csrf) {
      request.headers['X-CSRF-Token'] = csrf.substring('commander_csrf='.length);
    }
    return request;
  },
});
