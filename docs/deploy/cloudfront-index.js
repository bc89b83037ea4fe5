// CloudFront Function (viewer request, cloudfront-js-2.0): serves byline's
// /a/b/ pages from the S3 objects a/b/index.html, which S3's REST endpoint does not
// do by itself. Attach it to the distribution's default behaviour.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith("/")) {
    request.uri = uri + "index.html";
  } else if (uri.lastIndexOf(".") < uri.lastIndexOf("/")) {
    // /a/b without its slash: the page's own URL, so relative links resolve.
    return {
      statusCode: 301,
      statusDescription: "Moved Permanently",
      headers: { location: { value: uri + "/" } },
    };
  }
  return request;
}
