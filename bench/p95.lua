-- wrk prints p50/75/90/99 only: the load check needs the 95th, and every error counted.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("P95_US %d\n", latency:percentile(95)))
  io.write(string.format("ERRORS %d\n", e.connect + e.read + e.write + e.status + e.timeout))
end
