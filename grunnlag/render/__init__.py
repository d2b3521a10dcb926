"""Render: figures to words, charts and documents (context, templates, typography, SVG charts,
PDF/A, DOCX, XLSX). Imports model and inputs; writes nothing but through grunnlag.files."""
