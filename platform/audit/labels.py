"""Russian names of the audit log's action codes, for the screens and the export.

A code reads ``<object>.<verb>`` (``teacher.update``, ``plan.transition``); the label is the
object's name and the verb's, «Педагог: изменение». Codes are plain strings written by every
layer, so naming them here imports nothing from above; a code without a name here is shown as
it is written (``tests/audit/test_labels.py`` finds every code the code base writes and checks
each has a name).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OBJECTS: dict[str, Promise] = {
    # What needs attention, sent to the person (issue 21).
    "notification": _("Уведомления"),
    # The annual plan (000 §3.2, 001 §3.2–3.4).
    "plan": _("Годовой план"),
    "plan_item": _("Мероприятие плана"),
    "plan_direction": _("Направление деятельности"),
    "cyclogram_duty": _("Обязанность циклограммы"),
    "cyclogram": _("Циклограмма"),
    "plan_comment": _("Комментарий ЛОИРО к плану"),
    "regional_diagnostic": _("Региональная диагностика"),
    # Events and the unified calendar (004 §4.6).
    "event": _("Мероприятие"),
    "event_registration": _("Регистрация на мероприятие"),
    "event_feed": _("Личная лента мероприятий"),
    "contest_stage": _("Этап конкурса"),
    "contest_participant": _("Участник конкурса"),
    "regional_event": _("Событие единого календаря"),
    "regional_proposal": _("Предложение в единый календарь"),
    # Professional growth (004 §3.3).
    "course_record": _("Повышение квалификации"),
    "course_offer": _("Курсы в предложении"),
    "competence_area": _("Область компетенций"),
    "diagnostic": _("Диагностика"),
    "deficit": _("Профессиональный дефицит"),
    "learning_route": _("Индивидуальный образовательный маршрут"),
    "route_step": _("Шаг маршрута"),
    "young_teacher_school": _("Школа молодого педагога"),
    "young_teacher_session": _("Занятие школы молодого педагога"),
    "consultation": _("Консультация"),
    # The service's structure.
    "organisation": _("Образовательная организация"),
    "organisation_site_status": _("Статус площадки"),
    "teacher": _("Педагог"),
    "subject": _("Предмет"),
    "methodologist": _("Методист"),
    "responsibility_area": _("Зона ответственности методиста"),
    "body": _("Объединение или совет"),
    "body_membership": _("Участник объединения или совета"),
    "body_year": _("Год работы объединения или совета"),
    "body_meeting": _("Заседание"),
    "register_kind": _("Вид документа реестра"),
    "register_document": _("Документ реестра"),
    "resource": _("Материал банка педагогической информации"),
    "practice": _("Практика"),
    # The quality of education (000 §2.2, §2.3.1; 003 §1.3; 004 §3.2).
    "assessment_procedure": _("Оценочная процедура"),
    "assessment_result": _("Результаты оценочной процедуры"),
    "support_decision": _("Решение о поддержке организации"),
    # The all-Russian school olympiad (003 §1.3).
    "olympiad": _("Олимпиада"),
    "olympiad_round": _("Этап олимпиады по предмету"),
    "olympiad_passing_score": _("Проходной балл олимпиады"),
    "olympiad_school_count": _("Итоги школьного этапа олимпиады"),
    "olympiad_participant": _("Участник олимпиады"),
    # Teachers' professional contests (000 §2.3.3; 003 §1.3).
    "contest": _("Конкурс профессионального мастерства"),
    "contest_level": _("Этап конкурса профессионального мастерства"),
    "contest_nomination": _("Номинация конкурса"),
    "contest_criterion": _("Критерий оценки конкурса"),
    "contest_juror": _("Член жюри конкурса"),
    "contest_application": _("Заявка на конкурс"),
    "contest_document": _("Документ заявки на конкурс"),
    "contest_stage_result": _("Итог этапа конкурса"),
    "contest_score": _("Лист оценки члена жюри"),
    "contest_record": _("Участие педагога в конкурсах"),
    # Network partners (001 §1.1, §3.1; 004 §4.3).
    "partner": _("Сетевой партнёр"),
    "partner_agreement": _("Соглашение с партнёром"),
    "joint_project": _("Совместный проект"),
    # Innovation projects (001 §2.3; 003 §4.2).
    "innovation_project": _("Инновационный проект"),
    "innovation_report": _("Отчёт инновационного проекта"),
    "support_programme": _("Программа сопровождения"),
    "support_measure": _("Мера программы сопровождения"),
    "visit": _("Посещение организации"),
    "lesson_observation": _("Наблюдение урока"),
    "observation_criterion": _("Критерий наблюдения урока"),
    "quality_thresholds": _("Пороги признаков качества"),
    "procedure_kind": _("Вид оценочной процедуры"),
    # The region.
    "municipality": _("Муниципалитет"),
    "role": _("Роль"),
    "user": _("Пользователь"),
    "agreement": _("Трёхстороннее соглашение"),
    "regional_news": _("Новость региона"),
    "api_key": _("Ключ API"),
    "indicator_snapshots": _("Снимки показателей"),
    "audit": _("Журнал действий"),
}

VERBS: dict[str, Promise] = {
    "create": _("создание"),
    "update": _("изменение"),
    "delete": _("удаление"),
    "import": _("загрузка из файла"),
}

# Verbs that mean something particular for one object.
ACTIONS: dict[str, Promise] = {
    "notification.read": _("прочитаны"),
    "notification.choices": _("выбор получаемых"),
    "notification.digest": _("отправлена сводка за неделю"),
    "support_decision.decide": _("решение принято"),
    "support_programme.transition": _("смена статуса"),
    "plan.transition": _("смена статуса"),
    "plan.correction_create": _("коррекция создана"),
    "plan.correction_move": _("перенос мероприятия коррекцией"),
    "plan.correction_cancel": _("отмена мероприятия коррекцией"),
    "plan.correction_entry_delete": _("строка коррекции удалена"),
    "plan.correction_apply": _("коррекция внесена в план"),
    "plan.cyclogram_generate": _("мероприятия по циклограмме"),
    "plan.copy": _("копия плана прошлого года"),
    "plan.report_request": _("заказ отчёта"),
    "plan.report_build": _("отчёт сформирован"),
    "plan.section_texts_update": _("тексты разделов анализа"),
    "plan.report_submit": _("анализ направлен председателю"),
    "plan.report_accept": _("анализ принят председателем"),
    "plan.report_return": _("анализ возвращён на доработку"),
    "cyclogram.submit": _("направлена на утверждение"),
    "cyclogram.approve": _("утверждена"),
    "cyclogram.return": _("возвращена на доработку"),
    "plan_item.done": _("отмечено выполненным"),
    "plan_comment.reply": _("ответ муниципалитета"),
    "event.cancel": _("отмена"),
    "event.held": _("проведено"),
    "event.results_publish": _("результаты опубликованы"),
    "event.results_withdraw": _("результаты сняты с публикации"),
    "event_registration.add": _("запись организатором"),
    "event_registration.confirm": _("подтверждение"),
    "event_registration.cancel": _("отмена"),
    "event_registration.promote": _("перевод из листа ожидания"),
    "event_registration.attendance": _("отметка посещения"),
    "event_registration.replace_pending": _("неподтверждённая запись заменена записью владельца адреса"),
    "event_registration.purge_pending": _("неподтверждённые записи удалены по сроку"),
    "event_feed.token": _("ссылка выдана"),
    "regional_event.withdraw": _("снято"),
    "regional_event.restore": _("возвращено"),
    "regional_event.to_plan": _("включено в годовой план"),
    "regional_proposal.accept": _("принято"),
    "regional_proposal.decline": _("отклонено"),
    "deficit.open": _("выявлен"),
    "deficit.close": _("закрыт"),
    "route_step.done": _("выполнен"),
    "learning_route.complete": _("завершён"),
    "young_teacher_school.participants": _("состав слушателей"),
    "young_teacher_school.attendance": _("посещаемость"),
    "consultation.submit": _("поступила"),
    "consultation.assign": _("назначена методисту"),
    "consultation.answer": _("дан ответ"),
    "consultation.close": _("закрыта"),
    "body.composition_copy": _("состав перенесён на следующий год"),
    "body_meeting.attendance": _("присутствовавшие"),
    "practice.status": _("смена статуса"),
    "partner.events": _("совместные мероприятия"),
    "innovation_project.status": _("смена статуса"),
    "olympiad_round.publish": _("протокол опубликован"),
    "olympiad_round.unpublish": _("публикация протокола снята"),
    "olympiad_round.statuses": _("статусы проставлены по правилам"),
    "contest.publish": _("итоги опубликованы"),
    "contest.unpublish": _("публикация итогов снята"),
    "contest_score.sheet": _("оценки внесены"),
    "contest_record.sync": _("карточка педагога обновлена"),
    "municipality.provision": _("подключение"),
    "municipality.domain_add": _("добавлен домен"),
    "municipality.archive": _("перевод в архив"),
    "municipality.unarchive": _("возврат из архива"),
    "municipality.maintenance_start": _("перевод на обслуживание (миграция не прошла)"),
    "municipality.maintenance_end": _("снятие с обслуживания"),
    "municipality.restore": _("восстановление из резервной копии"),
    "role.grant": _("назначение"),
    "role.revoke": _("снятие"),
    "user.invite": _("приглашение"),
    "user.email_release": _("неподтверждённый адрес освобождён"),
    "agreement.send": _("отправлено на подпись"),
    "agreement.sign": _("подписано стороной"),
    "agreement.in_force": _("вступило в силу"),
    "agreement.expiring": _("истекает"),
    "agreement.expired": _("истёк срок"),
    "agreement.renewed": _("заменено новым"),
    "agreement.terminate": _("расторгнуто"),
    "agreement.scan_attach": _("прикреплён подписанный скан"),
    "indicator_snapshots.take": _("сняты за день"),
    "api_key.revoke": _("отозван"),
    "api_key.write": _("запись через API"),
    "audit.view": _("просмотр"),
    "audit.export": _("выгрузка"),
    "audit.purge": _("удаление записей старше срока хранения"),
}


def audit_action_label(code: str) -> str:
    """«Педагог: изменение» for ``teacher.update``; an unknown code as it is."""
    prefix, _dot, verb = code.partition(".")
    subject = OBJECTS.get(prefix)
    what = ACTIONS.get(code) or VERBS.get(verb)
    if subject is None or what is None:
        return code
    return f"{subject}: {what}"
