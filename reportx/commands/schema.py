"""Print the JSON Schema of the output records (Report, Fact, Failure, Source)."""

from __future__ import annotations

import argparse
import json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--record", choices=["Report", "Fact", "Failure", "Source"], help="only this record")


def run(args: argparse.Namespace) -> int:
    from models.records import json_schemas

    schemas = json_schemas()
    print(json.dumps(schemas[args.record] if args.record else schemas, ensure_ascii=False, indent=2))
    return 0
