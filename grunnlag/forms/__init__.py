"""The collection form: the municipality files out to a spreadsheet and back, for the project
office. Beside build, on top of render and inputs."""
