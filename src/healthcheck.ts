// The container's health probe (Dockerfile HEALTHCHECK, ECS task health check):
// exits 0 when this container's /healthz answers 200 within the timeout.
const port = process.env.PORT || '3000';
try {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
