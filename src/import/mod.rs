//! Spreadsheet import (issue 6, in progress).
