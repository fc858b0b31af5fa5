from course.cli_main import main

main()
