from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from citizens_panel import benchmarks


class Command(BaseCommand):
    help = (
        "Load Census population benchmarks (area_code,area_name,characteristic,category,count). "
        "Without a path, loads the North West London Census 2021 figures shipped with the app. "
        "An area's earlier figures are replaced; a file with any bad row loads nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="CSV file of the same shape")
        parser.add_argument("--source", default=benchmarks.DEFAULT_SOURCE)

    def handle(self, *args, path=None, source=None, **options):
        file = Path(path) if path else benchmarks.DEFAULT_CSV
        try:
            result = benchmarks.load(file.read_text(encoding="utf-8"), source=source)
        except OSError as error:
            raise CommandError(str(error)) from error
        except benchmarks.BenchmarkFileError as error:
            raise CommandError("\n".join(error.errors)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {result.rows} rows for {len(result.areas)} areas.")
        )
