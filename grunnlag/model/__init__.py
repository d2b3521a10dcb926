"""Model: pure functions from the inputs to figures (economics, uncertainty, scenarios, the
figures one report shows). Imports only inputs."""
