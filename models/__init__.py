"""Records of the output contract and the codes of errors and warnings."""

from models.codes import FailureCode, ReportxError, WarningCode
from models.records import (
    SCHEMA_VERSION,
    Fact,
    Failure,
    FailureDetail,
    Report,
    ReportWarning,
    Source,
    json_schemas,
    validate_report,
)

__all__ = [
    "SCHEMA_VERSION",
    "Fact",
    "Failure",
    "FailureCode",
    "FailureDetail",
    "Report",
    "ReportWarning",
    "ReportxError",
    "Source",
    "WarningCode",
    "json_schemas",
    "validate_report",
]
