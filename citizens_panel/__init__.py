"""The Citizens' Panel: members, population benchmarks, samples, panel surveys and events."""
