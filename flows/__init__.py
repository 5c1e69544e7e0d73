"""Prefect wiring of the pipeline: bulk conversion and scheduled ingestion."""
